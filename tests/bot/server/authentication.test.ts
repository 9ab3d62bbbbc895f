import type { AddressInfo } from 'node:net';
import { AuthenticationConstants } from 'botframework-connector';
import type { Server } from 'restify';
import pino from 'pino';
import { createCloudAdapter } from '../../../bot/adapter/create-cloud-adapter';
import { createServer } from '../../../bot/server/create-server';
import { registerMessagesRoute } from '../../../bot/server/routes/messages-route';
import { FakeOpenIdServer } from '../../support/fake-openid-server';

const APP_ID = '00000000-0000-4000-8000-000000000001';
const SERVICE_URL = 'https://smba.example.invalid/';

describe('POST /api/messages with Microsoft app credentials', () => {
  const openId = new FakeOpenIdServer();
  let server: Server;
  let baseUrl: string;
  const turns: string[] = [];

  beforeAll(async () => {
    await openId.start();
    const logger = pino({ level: 'silent' });
    server = createServer(logger);
    const adapter = createCloudAdapter({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' },
      logger,
      crisisMessage: () => 'Call 999',
      authOverrides: {
        ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        OAuthUrl: AuthenticationConstants.OAuthUrl,
        ToBotFromChannelOpenIdMetadataUrl: openId.metadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: openId.metadataUrl,
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: true,
      },
    });
    registerMessagesRoute(server, {
      adapter,
      logger,
      unauthenticatedLoopbackOnly: false,
      logic: async (context) => {
        turns.push(context.activity.text ?? '');
        await context.sendActivity('authenticated reply');
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await openId.stop();
  });

  const send = (text: string, authorization?: string) =>
    fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        type: 'message',
        channelId: 'webchat',
        serviceUrl: SERVICE_URL,
        deliveryMode: 'expectReplies',
        conversation: { id: 'auth-conv' },
        from: { id: 'user' },
        recipient: { id: APP_ID },
        text,
      }),
    });

  it('accepts a valid channel token', async () => {
    const res = await send('valid', `Bearer ${openId.sign({ aud: APP_ID, serviceUrl: SERVICE_URL })}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { activities: { text: string }[] }).activities[0].text).toBe('authenticated reply');
    expect(turns).toEqual(['valid']);
  });

  it.each([
    ['no Authorization header', () => undefined],
    ['an expired token', () => `Bearer ${openId.sign({ aud: APP_ID, serviceUrl: SERVICE_URL, expiresInSeconds: -3600 })}`],
    ['a token for another bot', () => `Bearer ${openId.sign({ aud: 'someone-else', serviceUrl: SERVICE_URL })}`],
    ['a token from another issuer', () => `Bearer ${openId.sign({ aud: APP_ID, serviceUrl: SERVICE_URL, iss: 'https://evil.example' })}`],
    ['a garbage token', () => 'Bearer not.a.token'],
  ])('rejects %s with 401 and runs no turn', async (_name, header) => {
    const before = [...turns];
    const res = await send('should not run', header());
    expect(res.status).toBe(401);
    expect(turns).toEqual(before);
  });
});
