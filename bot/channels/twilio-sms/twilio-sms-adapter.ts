import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../../../config/clock';
import { hashAddress } from '../shared/address-hash';
import { TWILIO_DIRECT_SERVICE_URL } from '../shared/channel-service-urls';
import { installFailSafeTurnError } from '../shared/fail-safe-turn-error';
import { renderAsPlainText } from '../shared/plain-text-rendering';
import type { SmsAddress, SmsAddressBook, TwilioChannelId } from './sms-address-book';
import type { SmsOptOuts } from './sms-opt-outs';
import type { SmsSender } from './sms-sender';
import { splitForSms } from './sms-splitter';
import { SendOnlyChannelAdapter } from '../shared/send-only-channel-adapter';

/** The fields of Twilio's incoming-message webhook the channel uses. */
export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  numMedia: number;
}

export interface TwilioSmsAdapterOptions {
  sender: SmsSender;
  addressBook: SmsAddressBook;
  optOuts: SmsOptOuts;
  /** Key for hashing numbers into conversation ids; must be stable (see hashAddress). */
  addressHashKey: string;
  /** Absolute URL of this channel's status callback; delivery failures are recorded there. */
  statusCallbackUrl?: string;
  clock: Clock;
  logger: Logger;
  crisisMessage: () => string;
}

/** What a turn managed to send; the webhook falls back to TwiML when REST delivery failed completely. */
export interface SmsTurnDelivery {
  sent: number;
  failed: number;
}

const DELIVERY = Symbol('smsTurnDelivery');

export interface SmsConversation {
  conversationId: string;
  address: SmsAddress;
}

/**
 * Bot Framework adapter for Twilio messaging without Azure Bot Service: an inbound webhook becomes
 * a message activity; replies (including proactive ones) go out through Twilio's REST API.
 * Typing indicators are dropped (SMS has none); buttons become a numbered list.
 */
export class TwilioSmsAdapter extends SendOnlyChannelAdapter {
  constructor(private readonly options: TwilioSmsAdapterOptions) {
    super();
    installFailSafeTurnError(this, options.logger, options.crisisMessage, 'twilio-sms');
  }

  /** The hashed conversation for a sender; no raw number appears in the id. */
  conversationFor(personAddress: string, serviceAddress: string): SmsConversation {
    const channelId: TwilioChannelId = personAddress.toLowerCase().startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const addressHash = hashAddress(this.options.addressHashKey, personAddress);
    return {
      conversationId: `${channelId}:${addressHash}`,
      address: { channelId, personAddress, serviceAddress, addressHash },
    };
  }

  /** Records where replies for this sender go, and returns its conversation. */
  async rememberSender(inbound: Pick<InboundSms, 'from' | 'to'>): Promise<SmsConversation> {
    const conversation = this.conversationFor(inbound.from, inbound.to);
    await this.options.addressBook.remember(conversation.conversationId, conversation.address);
    return conversation;
  }

  /** Runs one turn for an inbound message; returns what could be sent. */
  async processInbound(inbound: InboundSms, logic: (context: TurnContext) => Promise<void>): Promise<SmsTurnDelivery> {
    const { conversationId, address } = await this.rememberSender(inbound);
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: inbound.messageSid,
      channelId: address.channelId,
      serviceUrl: TWILIO_DIRECT_SERVICE_URL,
      timestamp: this.options.clock.now(),
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: `person:${address.addressHash}`, name: '', role: 'user' },
      recipient: { id: 'crisis-bot', name: 'crisis-bot', role: 'bot' },
      text: inbound.body,
      textFormat: 'plain',
      locale: 'en-GB',
      // The number is here (not in ids) so a dialog may offer "call you on this number" with consent.
      channelData: { numMedia: inbound.numMedia, senderPhone: address.personAddress.replace(/^whatsapp:/i, '') },
    };
    const context = new TurnContext(this, activity);
    const delivery: SmsTurnDelivery = { sent: 0, failed: 0 };
    context.turnState.set(DELIVERY, delivery);
    await this.runMiddleware(context, logic);
    return delivery;
  }

  /** Sends text to a conversation outside a turn (carrier keyword answers). */
  async sendText(conversationId: string, text: string): Promise<string[]> {
    return this.deliver(conversationId, text);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('TwilioSmsAdapter: the turn has no conversation id');
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? Math.min(activity.value, 5000) : 1000));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type !== ActivityTypes.Message) {
        responses.push({ id: '' });
        continue;
      }
      const text = renderAsPlainText(activity);
      const delivery = context.turnState.get(DELIVERY) as SmsTurnDelivery | undefined;
      try {
        const sids = text ? await this.deliver(conversationId, text) : [];
        if (delivery) delivery.sent += sids.length;
        responses.push({ id: sids[0] ?? '' });
      } catch (error) {
        if (delivery) delivery.failed += 1;
        throw error;
      }
    }
    return responses;
  }

  protected readonly sentMessagesName = 'SMS and WhatsApp messages';

  private async deliver(conversationId: string, text: string): Promise<string[]> {
    const address = await this.options.addressBook.lookup(conversationId);
    if (!address) throw new Error(`TwilioSmsAdapter: no address stored for conversation ${conversationId}`);
    if (await this.options.optOuts.isOptedOut(address.addressHash)) {
      this.options.logger.warn({ code: 'SMS_SUPPRESSED_OPTED_OUT', conversationId }, 'reply not sent: the person opted out (STOP)');
      return [];
    }
    const statusCallback = this.options.statusCallbackUrl
      ? `${this.options.statusCallbackUrl}?conversation=${encodeURIComponent(conversationId)}`
      : undefined;
    const sids: string[] = [];
    // In order, one at a time: carriers deliver separate messages in send order far more reliably.
    for (const body of splitForSms(text)) {
      const { sid } = await this.options.sender.send({
        to: address.personAddress,
        from: address.serviceAddress,
        body,
        ...(statusCallback ? { statusCallback } : {}),
      });
      sids.push(sid);
    }
    this.options.logger.info({ conversationId, channel: address.channelId, parts: sids.length }, 'reply sent via Twilio');
    return sids;
  }
}
