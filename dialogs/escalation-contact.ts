import { TurnContext } from 'botbuilder';
import { channelCapabilities } from './channel-capabilities';
import type { EscalationContact, EscalationReason, EscalationRequest, EscalationRequestLevel } from './ports/escalation-requester';
import { parseUkPhone } from './phone';

/** On text-only channels (SMS, WhatsApp) the sender id is the person's phone number. */
export function channelPhone(context: TurnContext): string | undefined {
  if (channelCapabilities(context.activity.channelId).suggestedActions) return undefined;
  // The direct Twilio channel keeps only a hash in from.id and passes the number in channelData.
  const senderPhone = (context.activity.channelData as { senderPhone?: unknown } | undefined)?.senderPhone;
  const raw = typeof senderPhone === 'string' ? senderPhone : context.activity.from?.id;
  return parseUkPhone(raw?.replace(/^whatsapp:/, ''))?.e164;
}

export function escalationRequest(
  context: TurnContext,
  level: EscalationRequestLevel,
  reason: EscalationReason,
  contact: Pick<EscalationContact, 'phone' | 'preferredTime' | 'consentToContact'>,
): EscalationRequest {
  const activity = context.activity;
  return {
    level,
    reason,
    contact: {
      channel: activity.channelId,
      conversationId: activity.conversation.id,
      ...(contact.phone ? { phone: contact.phone } : {}),
      ...(contact.preferredTime ? { preferredTime: contact.preferredTime } : {}),
      consentToContact: contact.consentToContact,
    },
    conversationReference: TurnContext.getConversationReference(activity),
  };
}

/**
 * Contact in an emergency rests on the person's vital interests, not on consent (the welcome and the privacy notice
 * say the team may contact them): the texter's number on text-only channels, if there is one.
 */
export function vitalInterestsContact(context: TurnContext): Pick<EscalationContact, 'phone' | 'consentToContact'> {
  const phone = channelPhone(context);
  return { ...(phone ? { phone } : {}), consentToContact: true };
}

/** The person asked us to stop: the request carries no way to message them, and tells the service to stop others. */
export function withoutMessaging(request: EscalationRequest): EscalationRequest {
  delete request.conversationReference;
  request.personAskedToStop = true;
  return request;
}
