import type { Logger } from 'pino';
import type { CallInstructions, Notifier, SendResult } from '../ports/notifier';

const REASON = 'no Twilio credentials configured (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN / TWILIO_FROM_NUMBER)';

/**
 * Used when Twilio is not configured. Every page is logged (as a warning: someone must notice)
 * and reported undeliverable, so the escalation still walks its policy in the audit and the
 * person is told to call the numbers directly. Page bodies carry no health data, so logging them is safe.
 */
export class UndeliverableNotifier implements Notifier {
  readonly canDeliver = false;

  constructor(private readonly logger: Logger) {}

  async sendSms(to: string, body: string): Promise<SendResult> {
    this.logger.warn({ to, body }, 'page SMS NOT sent: %s', REASON);
    return { outcome: 'undeliverable', reason: REASON };
  }

  async placeCall(to: string, call: CallInstructions): Promise<SendResult> {
    this.logger.warn({ to, twimlUrl: 'twimlUrl' in call ? call.twimlUrl : undefined }, 'page call NOT placed: %s', REASON);
    return { outcome: 'undeliverable', reason: REASON };
  }
}
