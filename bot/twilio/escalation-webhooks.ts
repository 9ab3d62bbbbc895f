import type { Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
// TwiML only: the package root also loads the whole REST client (about 5 MB of heap).
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Clock } from '../../config/clock';
import type { AttemptStatus, EscalationRecord, NotificationAttempt } from '../../escalation/escalation-record';
import type { EscalationService } from '../../escalation/escalation-service';
import { pageVoiceText } from '../../escalation/notify/page-message';
import { readPolicySnapshot } from '../../escalation/policy/policy-snapshot';
import type { EscalationStore } from '../../escalation/ports/escalation-store';
import type { IdempotencyStore } from '../../escalation/ports/idempotency-store';
import { sendError } from '../server/http-error';
import { requireTwilioSignature, type TwilioForm } from './verify-twilio-signature';

export const TWILIO_VOICE_TWIML_PATH = '/api/twilio/voice/twiml/:attemptId';
export const TWILIO_VOICE_KEYPRESS_PATH = '/api/twilio/voice/keypress/:attemptId';
export const TWILIO_STATUS_PATH = '/api/twilio/status';

export interface EscalationWebhookDeps {
  service: EscalationService;
  store: EscalationStore;
  idempotency: IdempotencyStore;
  clock: Clock;
  logger: Logger;
  authToken: string | undefined;
  publicBaseUrl: string;
}

const MESSAGE_STATUSES: Record<string, AttemptStatus> = {
  accepted: 'queued', scheduled: 'queued', queued: 'queued', sending: 'queued', sent: 'sent',
  delivered: 'delivered', read: 'delivered', failed: 'failed', undelivered: 'undelivered', canceled: 'failed',
};
const CALL_STATUSES: Record<string, AttemptStatus> = {
  queued: 'queued', initiated: 'sent', ringing: 'sent', 'in-progress': 'answered', completed: 'answered',
  busy: 'failed', 'no-answer': 'failed', failed: 'failed', canceled: 'failed',
};

function sendTwiml(res: Response, response: VoiceResponse): void {
  res.setHeader('content-type', 'text/xml');
  res.sendRaw(200, response.toString());
}

const SAY = { voice: 'Polly.Amy', language: 'en-GB' } as const;

/**
 * Twilio webhooks for pages: the TwiML a page call plays ("press 1 to accept"), the keypress
 * that acknowledges, and delivery status callbacks for page SMS and calls. Every request must
 * carry a valid X-Twilio-Signature; repeated deliveries are handled once.
 */
export function registerEscalationWebhooks(server: Server, deps: EscalationWebhookDeps): void {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  // No-ops when the server already parsed the body (restify guards against double reads).
  const parse = restify.plugins.bodyParser({ mapParams: false, mapFiles: false, maxBodySize: 64 * 1024 });
  const verify = requireTwilioSignature({ authToken: deps.authToken, publicBaseUrl: deps.publicBaseUrl, logger: deps.logger });

  async function findAttempt(req: Request): Promise<{ escalation: EscalationRecord; attempt: NotificationAttempt } | undefined> {
    const escalationId = typeof req.query?.escalation === 'string' ? req.query.escalation : undefined;
    const attemptId = req.params.attemptId;
    if (!escalationId || !attemptId) return undefined;
    const escalation = await deps.store.get(escalationId);
    if (!escalation) return undefined;
    const attempt = (await deps.store.listAttempts(escalation.id)).find((a) => a.id === attemptId);
    return attempt ? { escalation, attempt } : undefined;
  }

  function keypressUrl(escalation: EscalationRecord, attempt: NotificationAttempt): string {
    return `${base}/api/twilio/voice/keypress/${encodeURIComponent(attempt.id)}?escalation=${encodeURIComponent(escalation.id)}`;
  }

  server.post(TWILIO_VOICE_TWIML_PATH, parse, verify, async (req: Request, res: Response) => {
    const found = await findAttempt(req);
    const response = new VoiceResponse();
    if (!found) {
      response.say(SAY, 'This crisis alert could not be found. Please check the dashboard. Goodbye.');
      return sendTwiml(res, response);
    }
    const { escalation, attempt } = found;
    if (escalation.state === 'acknowledged' || escalation.state === 'resolved') {
      response.say(SAY, `Crisis alert ${escalation.reference.split('').join(' ')} has already been accepted. No action is needed. Goodbye.`);
      return sendTwiml(res, response);
    }
    const snapshot = readPolicySnapshot(escalation.policySnapshot);
    const text = pageVoiceText({
      reference: escalation.reference,
      level: escalation.level,
      channel: escalation.contact.channel,
      startedAt: new Date(escalation.createdAt),
      timeZone: snapshot.timeZone,
      publicBaseUrl: base,
    });
    const gather = response.gather({ numDigits: 1, action: keypressUrl(escalation, attempt), method: 'POST', timeout: 8 });
    gather.say(SAY, text);
    gather.pause({ length: 1 });
    gather.say(SAY, text);
    response.say(SAY, 'No key was pressed. The alert stays open and will go to the next person on call. Goodbye.');
    return sendTwiml(res, response);
  });

  server.post(TWILIO_VOICE_KEYPRESS_PATH, parse, verify, async (req: Request, res: Response) => {
    const form = req.body as TwilioForm;
    const response = new VoiceResponse();
    const found = await findAttempt(req);
    if (!found) {
      response.say(SAY, 'This crisis alert could not be found. Please check the dashboard. Goodbye.');
      return sendTwiml(res, response);
    }
    const { escalation, attempt } = found;
    const digits = (form.Digits ?? '').trim();
    if (digits !== '1') {
      if (digits === '') {
        response.say(SAY, 'No key was pressed. Goodbye.');
      } else {
        response.say(SAY, 'That was not 1.');
        response.redirect({ method: 'POST' }, `${base}/api/twilio/voice/twiml/${encodeURIComponent(attempt.id)}?escalation=${encodeURIComponent(escalation.id)}`);
      }
      return sendTwiml(res, response);
    }
    const spoken = escalation.reference.split('').join(' ');
    const key = `twilio-keypress:${form.CallSid ?? attempt.id}:1`;
    if (!(await deps.idempotency.claimOnce(key, deps.clock.now()))) {
      response.say(SAY, `Your acceptance of alert ${spoken} is recorded. Goodbye.`);
      return sendTwiml(res, response);
    }
    const actor = deps.service.clinicianActor(escalation, attempt.to);
    const result = await deps.service.acknowledge(escalation.reference, actor, 'voice-keypress');
    if (result.status === 'acknowledged') {
      response.say(SAY, `Thank you. You have accepted crisis alert ${spoken}. The details are on the dashboard. The person will be told that someone is coming back to them.`);
    } else if (result.status === 'already-acknowledged') {
      response.say(SAY, result.escalation.acknowledgedBy === actor ? `You have already accepted alert ${spoken}. Goodbye.` : `Alert ${spoken} was already accepted by a colleague. No action is needed. Goodbye.`);
    } else {
      response.say(SAY, `Alert ${spoken} is closed. Please check the dashboard. Goodbye.`);
    }
    return sendTwiml(res, response);
  });

  server.post(TWILIO_STATUS_PATH, parse, verify, async (req: Request, res: Response) => {
    const form = req.body as TwilioForm;
    const isCall = form.CallSid !== undefined && form.CallStatus !== undefined;
    const sid = isCall ? form.CallSid : form.MessageSid ?? form.SmsSid;
    const providerStatus = isCall ? form.CallStatus : form.MessageStatus ?? form.SmsStatus;
    if (!sid || !providerStatus) {
      return sendError(res, 400, 'TWILIO_STATUS_FIELDS_MISSING', 'expected MessageSid and MessageStatus, or CallSid and CallStatus');
    }
    const status = (isCall ? CALL_STATUSES : MESSAGE_STATUSES)[providerStatus];
    if (!status) {
      deps.logger.warn({ sid, providerStatus }, 'unknown Twilio status ignored');
      res.send(204);
      return;
    }
    if (!(await deps.idempotency.claimOnce(`twilio-status:${sid}:${providerStatus}`, deps.clock.now()))) {
      res.send(204);
      return;
    }
    const error =
      status === 'failed' || status === 'undelivered'
        ? [providerStatus, form.ErrorCode ? `error ${form.ErrorCode}` : undefined].filter(Boolean).join(', ')
        : undefined;
    const attempt = await deps.service.recordDeliveryStatus(sid, status, error);
    if (!attempt) deps.logger.info({ sid, providerStatus }, 'status callback for a SID that is not a page (ignored)');
    res.send(204);
  });
}
