import type { Logger } from 'pino';
import type { Twilio } from 'twilio';
import RestException from 'twilio/lib/base/RestException';
import type { CallInstructions, Notifier, SendOptions, SendResult } from '../ports/notifier';
import { NotifierError } from '../ports/notifier';
import { createTwilioRestClient } from './twilio-rest-client';

export interface TwilioNotifierOptions {
  accountSid: string;
  authToken: string;
  fromNumber: string;
  /**
   * TWILIO_API_BASE_URL: send every REST request to this base (e.g. http://127.0.0.1:PORT, a local
   * fake in tests) instead of https://<product>.twilio.com. Unset in production.
   */
  apiBaseUrl?: string;
  /** Per-request timeout; a hung provider counts as a retryable failure. Must stay below the worker lease. */
  requestTimeoutMs?: number;
  /** How long an unanswered call rings before Twilio gives up (seconds). */
  ringTimeoutSeconds?: number;
  logger: Logger;
}

/** Twilio error codes meaning "this request can never succeed as it is". */
const PERMANENT_TWILIO_CODES = new Set([21211, 21214, 21217, 21401, 21408, 21610, 21612, 21614, 20003, 20404]);

function isRestException(error: unknown): error is { status: number; code?: number; message: string } {
  return error instanceof RestException;
}

/** Maps SDK and network errors onto the port's retryable/permanent distinction. */
export function classifyTwilioError(error: unknown): NotifierError {
  if (isRestException(error)) {
    const { status, code } = error;
    const retryable = (status === 429 || status === 408 || status >= 500) && !(code !== undefined && PERMANENT_TWILIO_CODES.has(code));
    return new NotifierError(`Twilio ${status}${code ? ` (code ${code})` : ''}: ${error.message}`, retryable ? 'retryable' : 'permanent', {
      httpStatus: status,
      providerCode: code,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  // No HTTP answer at all: timeout, reset, refused, DNS. The page may or may not have been accepted;
  // at-least-once delivery means we send it again.
  return new NotifierError(`Twilio request failed: ${message}`, 'retryable', { cause: error });
}

export class TwilioNotifier implements Notifier {
  readonly canDeliver = true;
  private readonly client: Twilio;

  constructor(private readonly options: TwilioNotifierOptions) {
    this.client = createTwilioRestClient(options);
  }

  async sendSms(to: string, body: string, options: SendOptions): Promise<SendResult> {
    try {
      const message = await this.client.messages.create({
        to,
        from: this.options.fromNumber,
        body,
        ...(options.statusCallbackUrl ? { statusCallback: options.statusCallbackUrl } : {}),
      });
      this.options.logger.info({ to, sid: message.sid, status: message.status }, 'page sms accepted by Twilio');
      return { outcome: 'accepted', providerSid: message.sid, providerStatus: message.status };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  async placeCall(to: string, call: CallInstructions, options: SendOptions): Promise<SendResult> {
    try {
      const created = await this.client.calls.create({
        to,
        from: this.options.fromNumber,
        ...('twimlUrl' in call ? { url: call.twimlUrl, method: 'POST' } : { twiml: call.twiml }),
        timeout: this.options.ringTimeoutSeconds ?? 30,
        ...(options.statusCallbackUrl
          ? { statusCallback: options.statusCallbackUrl, statusCallbackMethod: 'POST', statusCallbackEvent: ['completed'] }
          : {}),
      });
      this.options.logger.info({ to, sid: created.sid, status: created.status }, 'page call accepted by Twilio');
      return { outcome: 'accepted', providerSid: created.sid, providerStatus: created.status };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }
}
