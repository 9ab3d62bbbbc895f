import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/**
 * Posts a form-encoded webhook the way Twilio does, signed with X-Twilio-Signature computed over
 * the public URL (what Twilio was configured with), while actually sending to the local server.
 */
export async function postTwilioWebhook(options: {
  localBaseUrl: string;
  publicBaseUrl: string;
  /** Path plus query, e.g. "/api/twilio/status". */
  path: string;
  params: Record<string, string>;
  authToken: string;
  /** Override the signature, e.g. to test rejection. */
  signature?: string;
}): Promise<{ status: number; body: string; contentType: string | null }> {
  const publicUrl = options.publicBaseUrl.replace(/\/+$/, '') + options.path;
  const signature = options.signature ?? getExpectedTwilioSignature(options.authToken, publicUrl, options.params);
  const response = await fetch(options.localBaseUrl.replace(/\/+$/, '') + options.path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(options.params).toString(),
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}
