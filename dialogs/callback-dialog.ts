import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from './dialogs-sdk';
import type { DialogDependencies } from './dialog-dependencies';
import { escalationRequest } from './escalation-contact';
import { nextWorkingDay } from './next-working-day';
import { parseUkPhone, type UkPhone } from './phone';
import type { AsqOutcome } from './safety-check/asq-scoring';
import { matchChoice, normaliseReply, type ReplyChoice } from './replies/choices';
import { ask, say, TEXT_PROMPT } from './replies/send';
import { interpretYesNo, YES_NO_CHOICES } from './replies/yes-no';
import { escalationReason } from './turn-screening';
import { wording } from './wording';

export const CALLBACK_DIALOG = 'callback';
const PHONE_PROMPT = `${CALLBACK_DIALOG}-phone`;
const MAX_PHONE_ATTEMPTS = 3;

export interface CallbackOptions {
  /** 'callback': next working day; 'urgent': the crisis team, as soon as they can. */
  level: 'callback' | 'urgent';
  summary: string;
  asqOutcome?: AsqOutcome;
  /** Whose risk the call is about: the person's own (default) or someone they told us about. */
  subject?: 'self' | 'other';
}

export interface CallbackResult {
  requested: boolean;
  reference?: string;
  /** The request was attempted and could not be stored (the person has been told). */
  failed?: boolean;
}

const PREFERRED_TIMES: ReplyChoice[] = [
  { value: 'morning', label: 'Morning', synonyms: ['am', 'mornings'] },
  { value: 'afternoon', label: 'Afternoon', synonyms: ['pm', 'afternoons'] },
  { value: 'any time', label: 'Any time', synonyms: ['anytime', 'whenever', 'dont mind', 'either'] },
];

const CANCEL = /^(cancel|no|nope|no thanks|never ?mind|forget it|dont|skip)$/;

interface CallbackValues {
  phone?: UkPhone;
  preferredTime?: string;
  day?: string;
}

/**
 * Takes a UK phone number, a preferred time and consent, then asks for a call; confirms only
 * once the request is stored.
 */
export class CallbackDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(CALLBACK_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(new TextPrompt(PHONE_PROMPT, (prompt) => this.validatePhone(prompt)));
    this.addDialog(
      new WaterfallDialog(`${CALLBACK_DIALOG}-steps`, [
        this.phoneStep.bind(this),
        this.timeStep.bind(this),
        this.consentStep.bind(this),
        this.requestStep.bind(this),
      ]),
    );
    this.initialDialogId = `${CALLBACK_DIALOG}-steps`;
  }

  private async validatePhone(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = prompt.recognized.value;
    if (CANCEL.test(normaliseReply(text)) || parseUkPhone(text)) return true;
    return prompt.attemptCount >= MAX_PHONE_ATTEMPTS;
  }

  private async phoneStep(step: WaterfallStepContext<CallbackOptions>): Promise<DialogTurnResult> {
    const values = step.values as CallbackValues;
    const { openingHours, clock, service } = this.deps;
    values.day = nextWorkingDay(openingHours, clock.now(), service.timeZone);
    const question = step.options.level === 'urgent' ? wording.urgentPhoneQuestion() : wording.callbackIntro(values.day);
    return step.prompt(PHONE_PROMPT, { prompt: question, retryPrompt: wording.phoneInvalid() });
  }

  private async timeStep(step: WaterfallStepContext<CallbackOptions>): Promise<DialogTurnResult> {
    const values = step.values as CallbackValues;
    const text = step.result as string;
    if (CANCEL.test(normaliseReply(text))) {
      await say(step.context, wording.callbackCancelled());
      return step.endDialog({ requested: false } satisfies CallbackResult);
    }
    const phone = parseUkPhone(text);
    if (!phone) {
      await say(step.context, wording.phoneGaveUp(this.deps.service));
      return step.endDialog({ requested: false } satisfies CallbackResult);
    }
    values.phone = phone;
    if (step.options.level === 'urgent') return step.next();
    return ask(step, wording.preferredTimeQuestion(), PREFERRED_TIMES);
  }

  private async consentStep(step: WaterfallStepContext<CallbackOptions>): Promise<DialogTurnResult> {
    const values = step.values as CallbackValues;
    if (step.options.level === 'callback') {
      const reply = step.result as string | undefined;
      const choice = matchChoice(reply, PREFERRED_TIMES);
      // Free text ("after 3") is kept as said, trimmed; it only helps the team plan the call.
      values.preferredTime = choice ? choice.value : (reply ?? '').trim().slice(0, 60) || 'any time';
    }
    const when =
      step.options.level === 'callback'
        ? ` on ${values.day}${values.preferredTime === 'any time' ? '' : ` (${values.preferredTime})`}`
        : ' today';
    return ask(step, wording.callbackConsent(values.phone!.national, when), YES_NO_CHOICES);
  }

  private async requestStep(step: WaterfallStepContext<CallbackOptions>): Promise<DialogTurnResult> {
    const values = step.values as CallbackValues;
    const context = step.context;
    if (interpretYesNo(step.result as string | undefined) !== 'yes') {
      await say(context, wording.callbackNoConsent());
      return step.endDialog({ requested: false } satisfies CallbackResult);
    }
    const { level, summary, asqOutcome, subject } = step.options;
    const { escalations, service, logger } = this.deps;
    const conversationId = context.activity.conversation.id;
    const phone = values.phone!;
    try {
      const receipt = await escalations.request(
        escalationRequest(context, level, escalationReason(context, summary, { ...(asqOutcome ? { asqOutcome } : {}), ...(subject ? { subject } : {}) }), {
          phone: phone.e164,
          ...(values.preferredTime ? { preferredTime: values.preferredTime } : {}),
          consentToContact: true,
        }),
      );
      logger.info({ code: 'CALLBACK_REQUESTED', conversationId, level, reference: receipt.reference }, 'call request stored');
      const timeText = values.preferredTime && values.preferredTime !== 'any time' ? ` (${values.preferredTime})` : '';
      await say(
        context,
        level === 'urgent' && !receipt.teamPaged
          ? wording.urgentRecordedNotPaged(receipt.reference, service)
          : level === 'urgent'
          ? wording.urgentCallBooked(receipt.reference, phone.national, service)
          : wording.callbackBooked(receipt.reference, phone.national, values.day ?? 'the next working day', timeText, service),
      );
      return step.endDialog({ requested: true, reference: receipt.reference } satisfies CallbackResult);
    } catch (error) {
      logger.error({ err: error, code: 'CALLBACK_REQUEST_FAILED', conversationId, level }, 'call request could not be stored');
      await say(context, wording.callbackFailed(service));
      return step.endDialog({ requested: false, failed: true } satisfies CallbackResult);
    }
  }
}
