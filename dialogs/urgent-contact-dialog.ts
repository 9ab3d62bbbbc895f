import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogs-sdk';
import { CALLBACK_DIALOG, type CallbackOptions, type CallbackResult } from './callback-dialog';
import type { DialogDependencies } from './dialog-dependencies';
import { channelPhone, escalationRequest } from './escalation-contact';
import { parseUkPhone } from './phone';
import type { AsqOutcome } from './safety-check/asq-scoring';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import { readTriageState } from './triage-state';
import { escalationReason } from './turn-screening';
import { wording } from './wording';

export const URGENT_CONTACT_DIALOG = 'urgent-contact';

export interface UrgentContactOptions {
  summary: string;
  asqOutcome?: AsqOutcome;
}

/**
 * A non-acute positive safety check: the crisis team is always told (urgent escalation). The person
 * chooses whether they are phoned; without their yes the team is told but no call is promised.
 */
export class UrgentContactDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(URGENT_CONTACT_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(
      new WaterfallDialog(`${URGENT_CONTACT_DIALOG}-steps`, [this.askStep.bind(this), this.contactStep.bind(this), this.fallbackStep.bind(this)]),
    );
    this.initialDialogId = `${URGENT_CONTACT_DIALOG}-steps`;
  }

  private async askStep(step: WaterfallStepContext<UrgentContactOptions>): Promise<DialogTurnResult> {
    return ask(step, wording.urgentContactQuestion(), YES_NO_CHOICES);
  }

  private async contactStep(step: WaterfallStepContext<UrgentContactOptions>): Promise<DialogTurnResult> {
    if (interpretYesNo(step.result as string | undefined) !== 'yes') return step.next({ requested: false } satisfies CallbackResult);
    const knownPhone = channelPhone(step.context);
    if (knownPhone) {
      const reference = await this.tellTeam(step, knownPhone);
      return step.endDialog({ requested: reference !== undefined, ...(reference ? { reference } : {}) } satisfies CallbackResult);
    }
    return step.beginDialog(CALLBACK_DIALOG, { level: 'urgent', ...step.options } satisfies CallbackOptions);
  }

  private async fallbackStep(step: WaterfallStepContext<UrgentContactOptions>): Promise<DialogTurnResult> {
    const result = step.result as CallbackResult | undefined;
    if (result?.requested) delete (await readTriageState(this.deps.triageState, step.context)).unfinishedSafetyCheck;
    if (result?.requested || result?.failed) return step.endDialog(result);
    const reference = await this.tellTeam(step, undefined);
    return step.endDialog({ requested: reference !== undefined, ...(reference ? { reference } : {}) } satisfies CallbackResult);
  }

  /** Requests the urgent escalation; with a phone it is a call request, without one the team is only told. */
  private async tellTeam(step: WaterfallStepContext<UrgentContactOptions>, phone: string | undefined): Promise<string | undefined> {
    const { escalations, service, logger } = this.deps;
    const context = step.context;
    const conversationId = context.activity.conversation.id;
    const { summary, asqOutcome } = step.options;
    const state = await readTriageState(this.deps.triageState, context);
    try {
      const receipt = await escalations.request(
        escalationRequest(context, 'urgent', escalationReason(context, summary, asqOutcome ? { asqOutcome } : {}), {
          ...(phone ? { phone } : {}),
          consentToContact: phone !== undefined,
        }),
      );
      delete state.unfinishedSafetyCheck;
      logger.info({ code: 'URGENT_ESCALATED', conversationId, reference: receipt.reference, contact: phone !== undefined }, 'urgent escalation stored');
      const national = phone ? parseUkPhone(phone)?.national ?? phone : undefined;
      await say(
        context,
        !receipt.teamPaged
          ? wording.urgentRecordedNotPaged(receipt.reference, service)
          : national
            ? wording.urgentCallBooked(receipt.reference, national, service)
            : wording.urgentTeamTold(receipt.reference, service),
      );
      return receipt.reference;
    } catch (error) {
      logger.error({ err: error, code: 'URGENT_ESCALATION_FAILED', conversationId }, 'urgent escalation could not be stored');
      await say(context, wording.urgentTeamNotTold(service));
      return undefined;
    }
  }
}
