import { randomUUID } from 'node:crypto';
import type { Storage, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { Clock } from '../../../config/clock';
import type { AuditLog } from '../../../escalation/ports/audit-log';
import type { IdempotencyStore } from '../../../escalation/ports/idempotency-store';
import { sendError } from '../../server/http-error';
import { requireTwilioSignature, type TwilioForm } from '../../twilio/verify-twilio-signature';
import { carrierKeyword } from './carrier-keywords';
import type { RotaReplyHandler } from './rota-reply-handler';
import { SmsAddressBook } from './sms-address-book';
import { SmsOptOuts } from './sms-opt-outs';
import type { SmsSender } from './sms-sender';
import { splitForSms } from './sms-splitter';
import { TwilioSmsAdapter, type InboundSms } from './twilio-sms-adapter';

export const TWILIO_SMS_WEBHOOK_PATH = '/api/twilio/sms';
export const TWILIO_SMS_STATUS_PATH = '/api/twilio/sms/status';

export interface TwilioSmsChannelDeps {
  /** TriageBot.run: the same turn logic as every other channel. */
  logic: (context: TurnContext) => Promise<void>;
  authToken: string;
  /** PUBLIC_BASE_URL: the URL Twilio calls, used for signature checks and status callbacks. */
  publicBaseUrl: string;
  sender: SmsSender;
  state: Storage;
  idempotency: IdempotencyStore;
  audit: AuditLog;
  rota: RotaReplyHandler;
  /** Stable secret for hashing numbers into conversation ids (e.g. TWILIO_AUTH_TOKEN). */
  addressHashKey: string;
  serviceName: string;
  crisisMessage: () => string;
  clock: Clock;
  logger: Logger;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

function twiml(res: Response, messages: string[] = []): void {
  const body = messages.length === 0
    ? EMPTY_TWIML
    : `<?xml version="1.0" encoding="UTF-8"?><Response>${messages.map((m) => `<Message>${escapeXml(m)}</Message>`).join('')}</Response>`;
  res.sendRaw(200, body, { 'Content-Type': 'text/xml; charset=utf-8' });
}

function parseInbound(params: TwilioForm): InboundSms | string {
  const missing = ['MessageSid', 'From', 'To'].filter((k) => !params[k]);
  if (missing.length > 0) return `missing Twilio field(s): ${missing.join(', ')}`;
  const numMedia = Number(params.NumMedia ?? '0');
  return {
    messageSid: params.MessageSid,
    from: params.From,
    to: params.To,
    body: params.Body ?? '',
    numMedia: Number.isFinite(numMedia) ? numMedia : 0,
  };
}

/**
 * The direct Twilio channel (SMS and WhatsApp) for trusts without Azure Bot Service:
 * POST /api/twilio/sms (incoming messages) and POST /api/twilio/sms/status (reply delivery).
 * Replies go through the REST API; the webhook answers with empty TwiML, except as a last resort
 * when REST delivery failed completely, when the crisis numbers go back in the TwiML itself.
 */
export function registerTwilioSmsChannel(server: Server, deps: TwilioSmsChannelDeps): { adapter: TwilioSmsAdapter } {
  for (const [name, value] of Object.entries(deps)) {
    if (value === undefined || value === null || value === '') throw new Error(`registerTwilioSmsChannel: missing dependency ${name}`);
  }
  const { logger, clock, audit } = deps;
  const optOuts = new SmsOptOuts(deps.state);
  const adapter = new TwilioSmsAdapter({
    sender: deps.sender,
    addressBook: new SmsAddressBook(deps.state),
    optOuts,
    addressHashKey: deps.addressHashKey,
    statusCallbackUrl: deps.publicBaseUrl.replace(/\/+$/, '') + TWILIO_SMS_STATUS_PATH,
    clock,
    logger,
    crisisMessage: deps.crisisMessage,
  });

  const recordKeyword = async (action: string, conversationId: string): Promise<void> => {
    await audit.append({ id: randomUUID(), at: clock.now().toISOString(), actor: 'person', source: 'sms-keyword', action, conversationId });
  };

  const replyToRota = async (inbound: InboundSms): Promise<void> => {
    const phone = inbound.from.replace(/^whatsapp:/i, '');
    if (carrierKeyword(inbound.body) === 'stop') {
      logger.warn({ code: 'ROTA_NUMBER_SENT_STOP' }, 'a rota number texted STOP: the carrier may now block pages to it by SMS');
    }
    const reply = await deps.rota.handle(phone, inbound.body);
    for (const body of reply ? splitForSms(reply) : []) await deps.sender.send({ to: inbound.from, from: inbound.to, body });
  };

  /**
   * Carrier keywords change what may be sent, never what is screened: every message, keywords
   * included, still runs through the bot (risk screen first), so "help" typed as an answer
   * during the safety questions reaches the dialog, and "stop" ends it as on every channel.
   */
  const handleInbound = async (inbound: InboundSms): Promise<string[]> => {
    const { conversationId, address } = adapter.conversationFor(inbound.from, inbound.to);
    const keyword = carrierKeyword(inbound.body);
    const log = { conversationId, channel: address.channelId, messageSid: inbound.messageSid };
    if (keyword === 'stop') {
      // Recorded before the turn, so nothing the bot says in reply is sent: the carrier forbids it.
      await optOuts.set(address.addressHash, true, clock.now());
      await recordKeyword('sms-opt-out', conversationId);
      logger.info({ ...log, keyword }, 'person opted out (STOP); replies suppressed until START');
    } else if (keyword === 'start') {
      await optOuts.set(address.addressHash, false, clock.now());
      await recordKeyword('sms-opt-in', conversationId);
      logger.info({ ...log, keyword }, 'person opted back in (START)');
      await adapter.rememberSender(inbound);
      await adapter.sendText(conversationId, `You can text ${deps.serviceName} again. ${deps.crisisMessage()}`);
    } else if (await optOuts.isOptedOut(address.addressHash)) {
      logger.warn({ ...log, code: 'MESSAGE_FROM_OPTED_OUT' }, 'message from an opted-out number: screened, replies suppressed until START');
    }
    const delivery = await adapter.processInbound(inbound, deps.logic);
    if (keyword === 'help') {
      logger.info({ ...log, keyword }, 'carrier HELP keyword: service details and crisis numbers sent after the reply');
      await adapter.sendText(
        conversationId,
        `${deps.serviceName}: an automated text service, not for emergencies. ${deps.crisisMessage()} Reply STOP to stop messages.`,
      );
      return [];
    }
    if (delivery.sent === 0 && delivery.failed > 0 && !(await optOuts.isOptedOut(address.addressHash))) {
      logger.error({ ...log, code: 'SMS_REST_DELIVERY_FAILED' }, 'no reply could be sent via REST; answering with crisis numbers in TwiML');
      return [deps.crisisMessage()];
    }
    return [];
  };

  // The escalation side's validator: 400 for a non-form body, 403 unless the signature matches.
  const signed = requireTwilioSignature({ authToken: deps.authToken, publicBaseUrl: deps.publicBaseUrl, logger });

  server.post(TWILIO_SMS_WEBHOOK_PATH, signed, async (req: Request, res: Response) => {
    const inbound = parseInbound(req.body as TwilioForm);
    if (typeof inbound === 'string') return sendError(res, 400, 'TWILIO_FIELDS_MISSING', inbound);

    let fallback: string[] = [];
    try {
      if (!(await deps.idempotency.claimOnce(`twilio-sms:${inbound.messageSid}`, clock.now()))) {
        logger.info({ messageSid: inbound.messageSid, code: 'TWILIO_WEBHOOK_DUPLICATE' }, 'duplicate webhook ignored');
        return twiml(res);
      }
      if (deps.rota.isRotaNumber(inbound.from.replace(/^whatsapp:/i, ''))) {
        await replyToRota(inbound);
        return twiml(res);
      }
      fallback = await handleInbound(inbound);
    } catch (error) {
      logger.error({ err: error, code: 'TWILIO_SMS_TURN_FAILED', messageSid: inbound.messageSid }, 'inbound SMS could not be processed');
      fallback = [deps.crisisMessage()];
    }
    return twiml(res, fallback);
  });

  server.post(TWILIO_SMS_STATUS_PATH, signed, async (req: Request, res: Response) => {
    const params = req.body as TwilioForm;
    const status = params.MessageStatus ?? params.SmsStatus;
    const conversation = typeof req.query?.conversation === 'string' ? req.query.conversation : undefined;
    if (status === 'failed' || status === 'undelivered') {
      logger.warn(
        { code: 'SMS_REPLY_UNDELIVERED', conversationId: conversation, messageSid: params.MessageSid, status, errorCode: params.ErrorCode },
        'a reply to a person was not delivered',
      );
      try {
        await audit.append({
          id: `sms-status:${params.MessageSid ?? randomUUID()}:${status}`,
          at: clock.now().toISOString(),
          actor: 'system',
          source: 'twilio-status',
          action: 'sms-reply-undelivered',
          ...(conversation ? { conversationId: conversation } : {}),
          details: { messageSid: params.MessageSid, status, errorCode: params.ErrorCode },
        });
      } catch (error) {
        logger.error({ err: error, code: 'AUDIT_WRITE_FAILED' }, 'could not audit an undelivered reply');
        return sendError(res, 500, 'AUDIT_WRITE_FAILED', 'the delivery failure could not be recorded; Twilio may retry');
      }
    }
    res.send(204);
  });

  return { adapter };
}
