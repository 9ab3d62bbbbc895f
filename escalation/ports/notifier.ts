/**
 * Sends pages to on-call professionals. Implementations: Twilio (escalation/notify/twilio-notifier.ts)
 * and, without credentials, one that only logs and reports pages undeliverable.
 */
export interface Notifier {
  /** False when pages cannot reach anyone (no provider configured); the person is told to call directly. */
  readonly canDeliver: boolean;
  sendSms(to: string, body: string, options: SendOptions): Promise<SendResult>;
  placeCall(to: string, call: CallInstructions, options: SendOptions): Promise<SendResult>;
}

export interface SendOptions {
  /** Where the provider reports delivery status (delivered, failed, no-answer...). */
  statusCallbackUrl?: string;
}

/** Either a URL the provider fetches TwiML from, or inline TwiML. */
export type CallInstructions = { twimlUrl: string } | { twiml: string };

export type SendResult =
  | { outcome: 'accepted'; providerSid: string; providerStatus: string }
  | { outcome: 'undeliverable'; reason: string };

/**
 * Thrown by a notifier when the provider refused or could not be reached.
 * - retryable: HTTP 429, 5xx, timeouts, connection errors. The worker retries with back-off
 *   until the step's acknowledgement timeout, then moves on.
 * - permanent: the request itself is wrong (invalid number 21211, unsubscribed 21610,
 *   not a mobile 21614, authentication 20003...). Retrying the same page cannot help; the attempt
 *   is failed and the policy moves on.
 */
export class NotifierError extends Error {
  constructor(
    message: string,
    readonly kind: 'retryable' | 'permanent',
    readonly detail: { httpStatus?: number; providerCode?: number; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'NotifierError';
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}
