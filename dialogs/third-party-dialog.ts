import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import { CALLBACK_DIALOG, type CallbackOptions } from './callback-dialog';
import type { DialogDependencies } from './dialog-dependencies';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import { escalationRequest } from './escalation-contact';
import type { Reroute } from './reroute';
import { readTriageState } from './triage-state';
import { escalationReason } from './turn-screening';
import { wording } from './wording';

export const THIRD_PARTY_DIALOG = 'third-party';

export interface ThirdPartyOptions {
  level: 'concern' | 'urgent' | 'emergency';
}

/**
 * Someone worried about another person. The safety questions are not for the reporter: they get
 * advice for helping someone else (999 first) and the offer of an urgent call back for themselves.
 * Someone else in danger now is also paged to the crisis team (after the 999 advice): the team may
 * know the person, can support the reporter, and a report misread as being about someone else is
 * then still seen by a clinician.
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
    if (step.options?.level === 'emergency') await this.alertTeam(step);
    return ask(step, wording.thirdPartyOffer(), YES_NO_CHOICES);
  }

  /**
   * The reporter has already been told to call 999, whatever happens here. The escalation service adds a repeat to an
   * escalation still open about someone else in this conversation (no second page) and starts a new one once the last
   * has been resolved.
   */
  private async alertTeam(step: WaterfallStepContext<ThirdPartyOptions>): Promise<void> {
    const { escalations, logger } = this.deps;
    const context = step.context;
    const conversationId = context.activity.conversation.id;
    const state = await readTriageState(this.deps.triageState, context);
    const reason = escalationReason(context, 'Third-party emergency: the person reports someone else in danger now; advised to call 999', {
      subject: 'other',
    });
    try {
      // No phone is passed on: the reporter has not agreed to a call (the offer that follows asks them).
      const receipt = await escalations.request(escalationRequest(context, 'emergency', reason, { consentToContact: false }));
      state.thirdPartyEmergencyReference = receipt.reference;
      logger.info({ code: 'THIRD_PARTY_EMERGENCY_ESCALATED', conversationId, reference: receipt.reference, created: receipt.created }, 'third-party emergency escalation stored');
      let told: string;
      if (!receipt.created) told = wording.thirdPartyAlreadyAlerted(receipt.reference);
      else if (receipt.teamPaged) told = wording.thirdPartyAlerted(receipt.reference);
      else told = wording.thirdPartyRecordedNotPaged(receipt.reference);
      await say(context, told);
    } catch (error) {
      logger.error({ err: error, code: 'THIRD_PARTY_EMERGENCY_ESCALATION_FAILED', conversationId }, 'third-party emergency escalation could not be stored');
    }
  }

  private async offerStep(step: WaterfallStepContext<ThirdPartyOptions>): Promise<DialogTurnResult> {
    const answer = interpretYesNo(step.result as string | undefined);
    if (answer === 'yes') {
      const level = step.options?.level ?? 'urgent';
      return step.replaceDialog(CALLBACK_DIALOG, {
        level: level === 'concern' ? 'callback' : 'urgent',
        summary: `Third-party report (${level}): the person is worried about someone else and asked for a call back`,
        subject: 'other',
      } satisfies CallbackOptions);
    }
    if (answer === 'no' || answer === 'refused') {
      await say(step.context, wording.numbersStayHere());
      return step.endDialog();
    }
    return step.endDialog({ reroute: true } satisfies Reroute);
  }
}
