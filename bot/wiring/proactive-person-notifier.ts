import type { ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { SignpostingConfig } from '../../config/service-schema';
import type { EscalationRecord } from '../../escalation/escalation-record';
import { personEventMessage } from '../../escalation/notify/person-message';
import type { PersonEvent, PersonNotifier, PersonTellResult } from '../../escalation/ports/person-notifier';
import type { ProactiveMessenger } from '../channels/proactive-messenger';

export interface ProactivePersonNotifierOptions {
  messenger: Pick<ProactiveMessenger, 'tell'>;
  signposting: SignpostingConfig;
  logger: Logger;
}

/**
 * Tells the person what happened to their escalation, through the conversation reference stored
 * with it, on whichever channel they used. Throws only when a retry could help (the worker retries);
 * a conversation that can never be reached (opted out, closed terminal, no connector) is logged.
 */
export class ProactivePersonNotifier implements PersonNotifier {
  constructor(private readonly options: ProactivePersonNotifierOptions) {}

  async tell(escalation: EscalationRecord, event: PersonEvent): Promise<PersonTellResult> {
    const reference = (escalation.conversationReference ?? {}) as Partial<ConversationReference>;
    const text = personEventMessage(event, {
      level: escalation.level,
      reference: escalation.reference,
      contactRoute: escalation.contact.phone && escalation.contact.consentToContact ? 'by phone on the number you gave' : 'here in this chat',
      signposting: this.options.signposting,
    });
    const result = await this.options.messenger.tell(reference, text);
    if (result.delivered) {
      this.options.logger.info({ reference: escalation.reference, event, channel: reference.channelId }, 'person told');
    } else {
      // They were given the crisis numbers, and what to do if nobody calls, when the alert was raised.
      this.options.logger.warn(
        { code: 'PERSON_UNREACHABLE', reference: escalation.reference, event, channel: reference.channelId, reason: result.reason },
        'could not message the person proactively',
      );
    }
    return result;
  }
}
