import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { registerWebChatPage } from '../../../../bot/channels/webchat/webchat-page-route';
import { azureDirectLineTokenSource, type WebChatTokenSource } from '../../../../bot/channels/webchat/webchat-token-source';
import { createServer } from '../../../../bot/server/create-server';
import { loadExampleServiceConfig } from '../../../support/load-example-config';
import { capturedLogger, closeServer, listen } from '../support/channel-test-kit';

describe('web chat page routes', () => {
  let server: Server;
  let baseUrl: string;
  const config = loadExampleServiceConfig();

  async function start(tokens: WebChatTokenSource, directLineUrl?: string): Promise<void> {
    const { logger } = capturedLogger('warn');
    server = createServer(logger);
    registerWebChatPage(server, {
      serviceName: 'Example <Trust> & Co',
      signposting: config.signposting,
      privacyNoticeUrl: config.service.privacyNoticeUrl,
      tokens,
      ...(directLineUrl ? { directLineUrl } : {}),
      logger,
    });
    baseUrl = await listen(server);
  }

  afterEach(async () => closeServer(server));

  it('serves the page with the emergency notice outside the widget, tappable numbers and a strict CSP', async () => {
    await start({ issue: async () => ({ token: 't', conversationId: 'c', userId: 'dl_u', expires_in: 1800 }) });
    const response = await fetch(`${baseUrl}/chat`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('Example &lt;Trust&gt; &amp; Co');
    expect(html).toMatch(/This chat is not for emergencies\.<\/strong>[\s\S]*href="tel:999"/);
    expect(html.indexOf('not for emergencies')).toBeLessThan(html.indexOf('id="webchat"'));
    for (const href of ['tel:111', 'tel:116123', 'tel:01632960999', 'tel:08001111', 'sms:85258?&amp;body=SHOUT']) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('name="viewport"');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");

    const bundle = await fetch(`${baseUrl}/chat/assets/webchat.js`);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    expect((await fetch(`${baseUrl}/chat/assets/chat-page.js`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/chat/assets/chat-page.css`)).status).toBe(200);
  });

  it('POST /chat/token returns the session, and 503 with a reason when none can be started', async () => {
    let fail = false;
    await start({
      issue: async () => {
        if (fail) throw new Error('store down');
        return { token: 'tok', conversationId: 'conv', userId: 'dl_u', expires_in: 1800 };
      },
    });
    const ok = await fetch(`${baseUrl}/chat/token`, { method: 'POST' });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual({ token: 'tok', conversationId: 'conv', userId: 'dl_u', expires_in: 1800 });
    fail = true;
    const refused = await fetch(`${baseUrl}/chat/token`, { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('WEBCHAT_UNAVAILABLE');
  });

  it('with WEBCHAT_DIRECTLINE_URL the page points at Azure and the token comes from tokens/generate with the secret', async () => {
    const seenAuth: string[] = [];
    const azure = createHttpServer((req, res) => {
      seenAuth.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ conversationId: 'azure-conv', token: 'azure-token', expires_in: 3600 }));
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', () => resolve()));
    const directLineUrl = `http://127.0.0.1:${(azure.address() as AddressInfo).port}/v3/directline`;
    try {
      await start(azureDirectLineTokenSource({ directLineUrl, secret: 'azure-secret' }), directLineUrl);
      const html = await (await fetch(`${baseUrl}/chat`)).text();
      expect(html).toContain(`data-directline-domain="${directLineUrl}"`);
      const session = (await (await fetch(`${baseUrl}/chat/token`, { method: 'POST' })).json()) as { token: string; userId: string };
      expect(session.token).toBe('azure-token');
      expect(session.userId).toMatch(/^dl_/);
      expect(seenAuth).toEqual(['POST /v3/directline/tokens/generate Bearer azure-secret']);
    } finally {
      await new Promise<void>((resolve) => azure.close(() => resolve()));
    }
  });
});
