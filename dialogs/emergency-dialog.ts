import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import type { DialogDependencies } from './dialog-dependencies';
import { escalationRequest, vitalInterestsContact } from './escalation-contact';
import type { AsqOutcome } from './safety-check/asq-scoring';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import { readTriageState } from './triage-state';
import { escalationReason } from './turn-screening';
import { wording } from './wording';

export const EMERGENCY_DIALOG = 'emergency';

export interface EmergencyOptions {
  summary?: string;
  asqOutcome?: AsqOutcome;
}

/**
 * 999 first, at once; then the alert to the on-call team, confirmed only once it is stored;
 * then "are you safe right now?". Never runs any informational flow first.
 */
export class EmergencyDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(EMERGENCY_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new WaterfallDialog(`${EMERGENCY_DIALOG}-steps`, [this.alertStep.bind(this), this.safeNowStep.bind(this)]));
    this.initialDialogId = `${EMERGENCY_DIALOG}-steps`;
  }

  private async alertStep(step: WaterfallStepContext<EmergencyOptions>): Promise<DialogTurnResult> {
    const { service, escalations, logger, contactTimes } = this.deps;
    const context = step.context;
    await say(context, wording.emergencyNow(service));
    const state = await readTriageState(this.deps.triageState, context);
    const conversationId = context.activity.conversation.id;
    // Every emergency goes to the escalation service: it adds this one to an escalation still open for the
    // conversation (no second page), and starts a new one once the last has been resolved.
    const options = step.options ?? {};
    const reason = escalationReason(context, options.summary ?? 'Emergency risk identified by the risk screen', {
      ...(options.asqOutcome ? { asqOutcome: options.asqOutcome } : {}),
    });
    try {
      const receipt = await escalations.request(escalationRequest(context, 'emergency', reason, vitalInterestsContact(context)));
      state.emergencyReference = receipt.reference;
      // A safety check that led here, or an earlier alert that failed, has now been passed on.
      delete state.unfinishedSafetyCheck;
      delete state.emergencyAlertPending;
      delete state.pendingAlertKey;
      logger.info({ code: 'EMERGENCY_ESCALATED', conversationId, reference: receipt.reference, created: receipt.created }, 'emergency escalation stored');
      let told: string;
      if (!receipt.created) told = wording.emergencyAlreadyAlerted(receipt.reference);
      else if (receipt.teamPaged) told = wording.emergencyAlerted(receipt.reference, contactTimes.emergencyMinutes);
      else told = wording.emergencyRecordedNotPaged(receipt.reference, this.deps.service);
      await say(context, told);
    } catch (error) {
      logger.error({ err: error, code: 'EMERGENCY_ESCALATION_FAILED', conversationId }, 'emergency escalation could not be stored');
      await say(context, wording.emergencyAlertFailed(service));
      // Tried again at the end of this turn and every later one, and filed from the store by the watch. An acute
      // safety check that led here stays unfinished and is retried the same way, so only one of the two is kept.
      if (state.unfinishedSafetyCheck === undefined) state.emergencyAlertPending = true;
    }
    return ask(step, wording.areYouSafe(), YES_NO_CHOICES);
  }

  private async safeNowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = interpretYesNo(step.result as string | undefined);
    this.deps.logger.info({ code: 'EMERGENCY_SAFE_NOW', conversationId: step.context.activity.conversation.id, answer }, 'safe-now answer');
    await say(step.context, answer === 'yes' ? wording.safeYes(this.deps.service) : wording.safeNo());
    return step.endDialog();
  }
}
