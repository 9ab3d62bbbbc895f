import { createReadStream, existsSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { SignpostingConfig } from '../../../config/service-schema';
import { sendError } from '../../server/http-error';
import { CHAT_PAGE_CSS, CHAT_PAGE_JS } from './webchat-page-assets';
import { webChatPageHtml } from './webchat-page-html';
import type { WebChatTokenSource } from './webchat-token-source';

export interface WebChatPageDeps {
  serviceName: string;
  signposting: SignpostingConfig;
  privacyNoticeUrl?: string;
  tokens: WebChatTokenSource;
  /** WEBCHAT_DIRECTLINE_URL when the page talks to Azure's Direct Line; unset for this server's own. */
  directLineUrl?: string;
  logger: Logger;
}

/** The official Web Chat ES5 bundle, served from node_modules (no CDN, works offline). */
export function webChatBundlePath(): string {
  const lib = path.dirname(require.resolve('botframework-webchat'));
  const bundle = path.join(lib, '..', 'dist', 'webchat-es5.js');
  if (!existsSync(bundle)) throw new Error(`botframework-webchat bundle not found at ${bundle}`);
  return bundle;
}

function contentSecurityPolicy(directLineUrl: string | undefined): string {
  let connect = "'self'";
  if (directLineUrl) {
    const origin = new URL(directLineUrl).origin;
    connect += ` ${origin} ${origin.replace(/^http/, 'ws')}`;
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat styles itself with generated <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** GET /chat (the page), its assets under /chat/assets/, and POST /chat/token for the page's session. */
export function registerWebChatPage(server: Server, deps: WebChatPageDeps): void {
  // Found and sized at start-up, so a missing bundle fails the deploy, not a person's first visit;
  // streamed from disk per request rather than held in memory (about 4 MB) for the life of the process.
  const bundlePath = webChatBundlePath();
  const bundleBytes = statSync(bundlePath).size;
  const html = webChatPageHtml({
    serviceName: deps.serviceName,
    signposting: deps.signposting,
    directLineDomain: deps.directLineUrl ?? '',
    webSocket: Boolean(deps.directLineUrl),
    ...(deps.privacyNoticeUrl ? { privacyNoticeUrl: deps.privacyNoticeUrl } : {}),
  });
  const csp = contentSecurityPolicy(deps.directLineUrl);

  server.get('/chat', async (_req: Request, res: Response) => {
    res.sendRaw(200, html, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
  });

  server.get('/chat/assets/chat-page.css', async (_req: Request, res: Response) => {
    res.sendRaw(200, CHAT_PAGE_CSS, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
  });

  server.get('/chat/assets/chat-page.js', async (_req: Request, res: Response) => {
    res.sendRaw(200, CHAT_PAGE_JS, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
  });

  server.get('/chat/assets/webchat.js', async (_req: Request, res: Response) => {
    res.writeHead(200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Content-Length': bundleBytes,
      'Cache-Control': 'public, max-age=86400',
    });
    try {
      await pipeline(createReadStream(bundlePath), res);
    } catch (error) {
      // Headers are gone by now; the client sees a cut-short script and the page's fallback text.
      // Usually the browser went away mid-download; nothing to fix on this side.
      deps.logger.warn({ err: error, code: 'WEBCHAT_BUNDLE_STREAM_FAILED' }, 'could not send the web chat bundle');
    }
  });

  server.post('/chat/token', async (_req: Request, res: Response) => {
    try {
      const session = await deps.tokens.issue();
      res.header('Cache-Control', 'no-store');
      res.json(200, { token: session.token, conversationId: session.conversationId, userId: session.userId, expires_in: session.expires_in });
    } catch (error) {
      deps.logger.error({ err: error, code: 'WEBCHAT_TOKEN_FAILED' }, 'could not start a web chat session');
      sendError(res, 503, 'WEBCHAT_UNAVAILABLE', 'the chat could not be started; the crisis numbers on the page still work');
    }
  });
}
