import twilio, { type Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface TwilioRestClientOptions {
  accountSid: string;
  authToken: string;
  /** TWILIO_API_BASE_URL: a local fake in tests; unset in production. */
  apiBaseUrl?: string;
  requestTimeoutMs?: number;
}

/**
 * The SDK's own extension point: a custom RequestClient (passed as `httpClient`). It rewrites the
 * scheme and host of every request onto the configured base, leaving path and query untouched.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(apiBaseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs, keepAlive: true });
    this.base = new URL(apiBaseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: new URL(target.pathname + target.search, this.base).href });
  }
}

export function createTwilioRestClient(options: TwilioRestClientOptions): Twilio {
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const httpClient = options.apiBaseUrl
    ? new BaseUrlRequestClient(options.apiBaseUrl, timeoutMs)
    : new twilio.RequestClient({ timeout: timeoutMs, keepAlive: true });
  return twilio(options.accountSid, options.authToken, { httpClient });
}
