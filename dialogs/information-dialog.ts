import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import type { DialogDependencies } from './dialog-dependencies';
import { MENU_DIALOG } from './menu-dialog';
import type { InformationAnswer, InformationChoices } from './ports/information-source';
import { matchChoice, type ReplyChoice } from './replies/choices';
import { ask, say, TEXT_PROMPT } from './replies/send';
import type { Reroute } from './reroute';
import { SIGNPOSTING_DIALOG, type SignpostingOptions } from './signposting-dialog';
import { wording } from './wording';

export const INFORMATION_DIALOG = 'information';

export interface InformationOptions {
  result: InformationAnswer | InformationChoices;
}

const SOMETHING_ELSE = 'something-else';
/** The knowledge-base intent whose answer also says whether the office is open right now (config/knowledge-base.yaml). */
const OPENING_HOURS_INTENT = 'opening_hours';

interface InformationValues {
  choices?: ReplyChoice[];
  itemId?: string;
}

const HELPFUL_CHOICES: ReplyChoice[] = [
  { value: 'yes', label: 'Yes', synonyms: ['y', 'yeah', 'yep', 'it did', 'thanks', 'thank you', 'great', 'ok', 'okay'] },
  { value: 'no', label: 'No, talk to someone', synonyms: ['no', 'n', 'nope', 'not really', 'talk to someone', 'no it didnt'] },
];

/** Answers from the reviewed knowledge base only; unsure → "did you mean"; and always a way to a person. */
export class InformationDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(INFORMATION_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(
      new WaterfallDialog(`${INFORMATION_DIALOG}-steps`, [
        this.clarifyStep.bind(this),
        this.pickStep.bind(this),
        this.answerStep.bind(this),
        this.feedbackStep.bind(this),
      ]),
    );
    this.initialDialogId = `${INFORMATION_DIALOG}-steps`;
  }

  private async clarifyStep(step: WaterfallStepContext<InformationOptions>): Promise<DialogTurnResult> {
    const { result } = step.options;
    if (result.kind === 'answer') return step.next(result);
    const choices: ReplyChoice[] = [
      ...result.options.map((o) => ({ value: o.intent, label: o.label })),
      { value: SOMETHING_ELSE, label: wording.somethingElse, synonyms: ['none', 'none of these', 'neither', 'other'] },
    ];
    (step.values as InformationValues).choices = choices;
    return ask(step, wording.didYouMean(), choices);
  }

  private async pickStep(step: WaterfallStepContext<InformationOptions>): Promise<DialogTurnResult> {
    if (step.options.result.kind === 'answer') return step.next(step.result);
    const choice = matchChoice(step.result as string | undefined, (step.values as InformationValues).choices ?? []);
    if (!choice) return step.endDialog({ reroute: true } satisfies Reroute);
    if (choice.value === SOMETHING_ELSE) return step.replaceDialog(MENU_DIALOG);
    const answer = await this.deps.information.answerFor(choice.value);
    if (!answer) {
      this.deps.logger.error({ code: 'KB_INTENT_WITHOUT_ANSWER', intent: choice.value }, 'suggested intent has no answer');
      return step.replaceDialog(MENU_DIALOG);
    }
    return step.next(answer);
  }

  private async answerStep(step: WaterfallStepContext<InformationOptions>): Promise<DialogTurnResult> {
    const answer = step.result as InformationAnswer;
    (step.values as InformationValues).itemId = answer.itemId;
    this.deps.logger.info(
      { code: 'KB_ANSWERED', conversationId: step.context.activity.conversation.id, itemId: answer.itemId },
      'knowledge-base answer sent',
    );
    await say(step.context, answer.intent === OPENING_HOURS_INTENT ? `${answer.answer}\n${this.openingNow()}` : answer.answer);
    return ask(step, `${wording.source(answer.sourceUrl)}\n${wording.wasThisHelpful()}`, HELPFUL_CHOICES);
  }

  /** The reviewed answer gives the hours; this says what they mean right now (bank holidays and closures included). */
  private openingNow(): string {
    return wording.openingNow(this.deps.openingHours.status(this.deps.clock.now()).description);
  }

  private async feedbackStep(step: WaterfallStepContext<InformationOptions>): Promise<DialogTurnResult> {
    const choice = matchChoice(step.result as string | undefined, HELPFUL_CHOICES);
    if (!choice) return step.endDialog({ reroute: true } satisfies Reroute);
    const helpful = choice.value === 'yes';
    this.deps.logger.info(
      { code: 'KB_FEEDBACK', conversationId: step.context.activity.conversation.id, itemId: (step.values as InformationValues).itemId, helpful },
      'was this helpful?',
    );
    if (helpful) {
      await say(step.context, wording.gladItHelped());
      return step.endDialog();
    }
    return step.replaceDialog(SIGNPOSTING_DIALOG, { preface: wording.notHelpfulPreface() } satisfies SignpostingOptions);
  }
}
