import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CALLBACK_DIALOG, type CallbackOptions } from './callback-dialog';
import type { DialogDependencies } from './dialog-dependencies';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import type { Reroute } from './reroute';
import { wording } from './wording';

export const THIRD_PARTY_DIALOG = 'third-party';

export interface ThirdPartyOptions {
  level: 'concern' | 'urgent' | 'emergency';
}

/**
 * Someone worried about another person. The safety questions are not for the reporter: they get
 * advice for helping someone else (999 first) and the offer of an urgent call back for themselves.
 */
export class ThirdPartyDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(THIRD_PARTY_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new WaterfallDialog(`${THIRD_PARTY_DIALOG}-steps`, [this.adviceStep.bind(this), this.offerStep.bind(this)]));
    this.initialDialogId = `${THIRD_PARTY_DIALOG}-steps`;
  }

  private async adviceStep(step: WaterfallStepContext<ThirdPartyOptions>): Promise<DialogTurnResult> {
    await say(step.context, wording.thirdParty(this.deps.service));
    return ask(step, wording.thirdPartyOffer(), YES_NO_CHOICES);
  }

  private async offerStep(step: WaterfallStepContext<ThirdPartyOptions>): Promise<DialogTurnResult> {
    const answer = interpretYesNo(step.result as string | undefined);
    if (answer === 'yes') {
      const level = step.options?.level ?? 'urgent';
      return step.replaceDialog(CALLBACK_DIALOG, {
        level: level === 'concern' ? 'callback' : 'urgent',
        summary: `Third-party report (${level}): the person is worried about someone else and asked for a call back`,
      } satisfies CallbackOptions);
    }
    if (answer === 'no' || answer === 'refused') {
      await say(step.context, wording.numbersStayHere());
      return step.endDialog();
    }
    return step.endDialog({ reroute: true } satisfies Reroute);
  }
}
