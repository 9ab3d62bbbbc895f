import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import pino from 'pino';
import { createCloudAdapter } from '../../../bot/adapter/create-cloud-adapter';
import { createServer } from '../../../bot/server/create-server';
import { registerHealthRoutes } from '../../../bot/server/routes/health-routes';
import { registerMessagesRoute } from '../../../bot/server/routes/messages-route';

const logger = pino({ level: 'silent' });

function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'emulator',
    deliveryMode: 'expectReplies',
    conversation: { id: 'conv-1' },
    from: { id: 'user-1' },
    recipient: { id: 'bot' },
    text: 'hello',
    ...overrides,
  };
}

describe('POST /api/messages (server layer)', () => {
  let server: Server;
  let baseUrl: string;
  const turns: string[] = [];
  const timestamps: { timestamp: unknown; raw: unknown }[] = [];

  beforeAll(async () => {
    server = createServer(logger);
    const adapter = createCloudAdapter({ env: {}, logger, crisisMessage: () => 'Call 999' });
    registerHealthRoutes(server, [{ name: 'store', check: async () => undefined }], new Date());
    registerMessagesRoute(server, {
      adapter,
      logger,
      unauthenticatedLoopbackOnly: true,
      logic: async (context) => {
        turns.push(context.activity.text ?? '');
        timestamps.push({ timestamp: context.activity.timestamp, raw: (context.activity as { rawTimestamp?: unknown }).rawTimestamp });
        if (context.activity.text === 'explode') throw new Error('boom');
        await context.sendActivity(`echo: ${context.activity.text}`);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => server.close());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('returns the replies in the response body with expectReplies', async () => {
    const res = await post(JSON.stringify(activity()));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: { text: string }[] };
    expect(body.activities.map((a) => a.text)).toEqual(['echo: hello']);
  });

  it('refuses a non-JSON body with 400 and a reason', async () => {
    const res = await post('{"type": "message", ', 'application/json');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; reason: string } };
    expect(body.error.code).toBe('BODY_INVALID');
    expect(body.error.reason).toMatch(/could not be parsed/);
  });

  it('refuses a plain-text body with 400', async () => {
    const res = await post('hello there', 'text/plain');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toMatch(/JSON object/);
  });

  it('refuses a body over 256 KB with 413', async () => {
    const res = await post(JSON.stringify(activity({ text: 'x'.repeat(300 * 1024) })));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
  });

  it.each([
    ['no type', { type: undefined }, /type/],
    ['no conversation', { conversation: undefined }, /conversation/],
    ['empty conversation id', { conversation: { id: '' } }, /conversation\.id/],
    ['no from', { from: undefined }, /from/],
    ['a numeric text', { text: 42 }, /text/],
    ['no serviceUrl without expectReplies', { deliveryMode: undefined }, /serviceUrl/],
  ])('refuses a malformed activity (%s) with 400 naming the field', async (_name, overrides, reason) => {
    const before = turns.length;
    const res = await post(JSON.stringify(activity(overrides)));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; reason: string } };
    expect(body.error.code).toBe('ACTIVITY_INVALID');
    expect(body.error.reason).toMatch(reason);
    expect(turns.length).toBe(before);
  });

  it('refuses a JSON array with 400', async () => {
    const res = await post(JSON.stringify([activity()]));
    expect(res.status).toBe(400);
  });

  it('answers crisis numbers, not a 500, when the turn logic throws', async () => {
    const res = await post(JSON.stringify(activity({ text: 'explode' })));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: { text: string }[] };
    expect(body.activities.map((a) => a.text)).toContain('Call 999');
  });

  it('gives the turn Date timestamps and keeps the wire strings, as botbuilder does', async () => {
    timestamps.length = 0;
    const res = await post(JSON.stringify(activity({ text: 'when', timestamp: '2026-03-01T10:15:00.000Z' })));
    expect(res.status).toBe(200);
    expect(timestamps).toHaveLength(1);
    expect(timestamps[0].timestamp).toBeInstanceOf(Date);
    expect((timestamps[0].timestamp as Date).toISOString()).toBe('2026-03-01T10:15:00.000Z');
    expect(timestamps[0].raw).toBe('2026-03-01T10:15:00.000Z');
  });

  it('serves /healthz and /readyz as JSON', async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });
});
