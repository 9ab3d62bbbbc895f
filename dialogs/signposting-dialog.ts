import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import type { RiskLevel } from '../escalation/risk/risk-level';
import { CALLBACK_DIALOG, type CallbackOptions } from './callback-dialog';
import type { DialogDependencies } from './dialog-dependencies';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import { isUnder19 } from './turn-screening';
import { route, wording } from './wording';
import type { Reroute } from './reroute';

export const SIGNPOSTING_DIALOG = 'signposting';

export interface SignpostingOptions {
  preface?: string;
  level?: RiskLevel;
  /** Offer a call back after the numbers (default yes). */
  offerCallback?: boolean;
}

/** The right numbers for the situation and the time of day, then the offer of a call back. */
export class SignpostingDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(SIGNPOSTING_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new WaterfallDialog(`${SIGNPOSTING_DIALOG}-steps`, [this.routesStep.bind(this), this.offerStep.bind(this)]));
    this.initialDialogId = `${SIGNPOSTING_DIALOG}-steps`;
  }

  private async routesStep(step: WaterfallStepContext<SignpostingOptions>): Promise<DialogTurnResult> {
    const { openingHours, signposting, clock } = this.deps;
    const options = step.options ?? {};
    const status = openingHours.status(clock.now());
    const routes = signposting.routes({ open: status.open, under19: isUnder19(step.context), level: options.level ?? 'none' });
    const heading = options.preface ?? wording.routesHeading(status.open);
    const text = [heading, ...routes.map(route)].join('\n');
    if (options.offerCallback === false) {
      await say(step.context, text);
      return step.endDialog();
    }
    await say(step.context, text);
    return ask(step, wording.callbackOffer(), YES_NO_CHOICES);
  }

  private async offerStep(step: WaterfallStepContext<SignpostingOptions>): Promise<DialogTurnResult> {
    const answer = interpretYesNo(step.result as string | undefined);
    if (answer === 'yes') {
      return step.replaceDialog(CALLBACK_DIALOG, { level: 'callback', summary: 'Call back requested after signposting' } satisfies CallbackOptions);
    }
    if (answer === 'no' || answer === 'refused') {
      await say(step.context, wording.numbersStayHere());
      return step.endDialog();
    }
    // Not an answer to the offer: treat it as a new message.
    return step.endDialog({ reroute: true } satisfies Reroute);
  }
}
