import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { channelCapabilities } from '../channel-capabilities';
import { splitMessage } from './split-message';

/** One reply the person can choose: tapped as a button, or typed as its number or its words. */
export interface ReplyChoice {
  value: string;
  label: string;
  synonyms?: string[];
}

export function normaliseReply(text: string | undefined): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9+ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "1", "2", the label, or a synonym; a few polite extras ("yes please") are allowed. */
export function matchChoice(text: string | undefined, choices: readonly ReplyChoice[]): ReplyChoice | undefined {
  const reply = normaliseReply(text);
  if (!reply) return undefined;
  const numbered = /^(?:option |number )?(\d{1,2})$/.exec(reply);
  if (numbered) return choices[Number(numbered[1]) - 1];
  const withoutPoliteness = reply.replace(/\b(please|thanks|thank you|pls|ta)\b/g, '').trim();
  return choices.find((choice) =>
    [choice.label, choice.value, ...(choice.synonyms ?? [])]
      .map((candidate) => normaliseReply(candidate))
      .some((candidate) => candidate === reply || candidate === withoutPoliteness),
  );
}

/**
 * The messages for a question with choices: earlier parts of a long text first, then the last part
 * carrying the choices (suggested actions, or a numbered list on text-only channels).
 */
export function questionActivities(context: TurnContext, text: string, choices: readonly ReplyChoice[] = []): Partial<Activity>[] {
  const capabilities = channelCapabilities(context.activity.channelId);
  if (choices.length === 0) return splitMessage(text, capabilities.maxMessageChars).map((part) => MessageFactory.text(part));
  if (capabilities.suggestedActions) {
    const parts = splitMessage(text, capabilities.maxMessageChars);
    const last = parts.pop() ?? '';
    return [
      ...parts.map((part) => MessageFactory.text(part)),
      MessageFactory.suggestedActions(
        choices.map((c) => c.label),
        last,
      ),
    ];
  }
  const numbered = `\n${choices.map((c, i) => `${i + 1} ${c.label}`).join('\n')}\nReply with a number.`;
  const parts = splitMessage(text, capabilities.maxMessageChars - numbered.length);
  const last = parts.pop() ?? '';
  return [...parts.map((part) => MessageFactory.text(part)), MessageFactory.text(`${last}${numbered}`)];
}
