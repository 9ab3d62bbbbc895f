import type { Logger } from 'pino';
import type { Next, Request, RequestHandler, Response } from 'restify';
// The webhooks module only: the package root also loads the whole REST client (about 5 MB of heap).
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { sendError } from '../server/http-error';

export type TwilioForm = Record<string, string>;

/** Twilio posts string form fields; anything else is not a Twilio webhook. */
export function twilioForm(body: unknown): TwilioForm | undefined {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  const form: TwilioForm = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') return undefined;
    form[key] = value;
  }
  return form;
}

export interface TwilioSignatureOptions {
  /** TWILIO_AUTH_TOKEN; without it every webhook is refused (nothing can be verified). */
  authToken: string | undefined;
  /** PUBLIC_BASE_URL: the URL Twilio was given, as seen from outside any proxy. */
  publicBaseUrl: string;
  logger: Logger;
}

/** The full public URL a request was signed over: PUBLIC_BASE_URL plus path and query as received. */
export function publicRequestUrl(publicBaseUrl: string, req: Request): string {
  return publicBaseUrl.replace(/\/+$/, '') + (req.url ?? '');
}

/**
 * restify handler: refuses with 403 and a reason unless X-Twilio-Signature matches the form
 * parameters and the public URL. Leaves the parsed form on `req.body` for the next handler.
 */
export function requireTwilioSignature(options: TwilioSignatureOptions): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const form = twilioForm(req.body);
    if (!form) {
      sendError(res, 400, 'TWILIO_FORM_INVALID', 'expected a form-encoded Twilio webhook with string fields');
      return next(false);
    }
    const signature = req.header('x-twilio-signature');
    let reason: string | undefined;
    if (!options.authToken) reason = 'TWILIO_AUTH_TOKEN is not configured, so no Twilio webhook can be verified';
    else if (!signature) reason = 'X-Twilio-Signature header is missing';
    else if (!validateRequest(options.authToken, signature, publicRequestUrl(options.publicBaseUrl, req), form)) {
      reason = 'X-Twilio-Signature does not match this request (check PUBLIC_BASE_URL and TWILIO_AUTH_TOKEN)';
    }
    if (reason) {
      options.logger.warn({ code: 'TWILIO_SIGNATURE_INVALID', path: req.path(), reason }, 'refused Twilio webhook');
      sendError(res, 403, 'TWILIO_SIGNATURE_INVALID', reason);
      return next(false);
    }
    req.body = form;
    return next();
  };
}
