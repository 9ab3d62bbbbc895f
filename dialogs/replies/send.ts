import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from '../dialogs-sdk';
import { questionActivities, type ReplyChoice } from './choices';

export const TEXT_PROMPT = 'text-prompt';

/** Sends text, split into channel-sized messages. */
export async function say(context: TurnContext, ...texts: string[]): Promise<void> {
  for (const text of texts) {
    const activities = questionActivities(context, text);
    if (activities.length > 0) await context.sendActivities(activities);
  }
}

/** Asks a question through the dialog's TEXT_PROMPT, so the answer lands in the next step as text. */
export async function ask(
  step: WaterfallStepContext,
  text: string,
  choices: readonly ReplyChoice[] = [],
  retryText?: string,
): Promise<DialogTurnResult> {
  const activities = questionActivities(step.context, text, choices);
  const prompt = activities.pop();
  if (activities.length > 0) await step.context.sendActivities(activities);
  if (!retryText) {
    // No retryPrompt: TextPrompt asks again with `prompt` itself. Saved in the dialog state, a copy
    // would add the whole question (text and buttons) to the state read and written on every turn.
    return step.prompt(TEXT_PROMPT, { prompt });
  }
  return step.prompt(TEXT_PROMPT, { prompt, retryPrompt: questionActivities(step.context, retryText, choices).pop() });
}
