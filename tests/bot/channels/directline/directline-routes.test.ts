import { TurnContext, type ConversationReference } from 'botbuilder';
import type { Server } from 'restify';
import { registerDirectLine, type LocalDirectLine } from '../../../../bot/channels/directline/directline-routes';
import { DirectLineConversationLog } from '../../../../bot/channels/directline/directline-conversation-log';
import { createServer } from '../../../../bot/server/create-server';
import type { AppStore } from '../../../../bot/storage/app-store';
import { ManualClock } from '../../../../config/clock';
import {
  capturedLogger,
  closeServer,
  CRISIS_TEXT,
  listen,
  openTempStore,
  recordingLogic,
  type SeenTurn,
} from '../support/channel-test-kit';

interface DlActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  channelData?: { clientActivityID?: string };
  replyToId?: string;
}

describe('local Direct Line 3.0 endpoint', () => {
  let server: Server;
  let baseUrl: string;
  let store: AppStore;
  let cleanup: () => Promise<void>;
  let seen: SeenTurn[];
  let clock: ManualClock;
  let directLine: LocalDirectLine;

  async function start(options: { secret?: string; maxActivities?: number } = {}): Promise<void> {
    const { logger } = capturedLogger('warn');
    ({ store, cleanup } = await openTempStore(logger));
    seen = [];
    clock = new ManualClock('2026-03-02T22:00:00Z');
    server = createServer(logger);
    directLine = registerDirectLine(server, {
      logic: recordingLogic(seen),
      log: new DirectLineConversationLog(store.state, clock, options.maxActivities ? { maxActivities: options.maxActivities } : {}),
      ...(options.secret ? { secret: options.secret } : {}),
      tokenSigningKey: 'test-signing-key-0123456789',
      bot: { id: 'crisis-bot', name: 'Example Trust' },
      crisisMessage: () => CRISIS_TEXT,
      clock,
      logger,
    });
    baseUrl = await listen(server);
  }

  afterEach(async () => {
    await closeServer(server);
    await cleanup();
  });

  const call = async (method: string, path: string, auth?: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/v3/directline${path}`, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };

  const messages = (activities: DlActivity[]) => activities.filter((a) => a.type === 'message');

  it('serves the calls Web Chat makes: generate, start, post, poll by watermark, refresh', async () => {
    await start();
    const generated = await call('POST', '/tokens/generate', undefined, { user: { id: 'dl_person-1' } });
    expect(generated.status).toBe(200);
    const { conversationId, token } = generated.json as { conversationId: string; token: string; expires_in: number };
    expect(generated.json.expires_in).toBe(1800);
    expect(seen[0]).toMatchObject({ type: 'conversationUpdate', channelId: 'webchat', conversationId });

    const startedAgain = await call('POST', '/conversations', token, { user: { id: 'someone-else' } });
    expect(startedAgain.status).toBe(200);
    expect(startedAgain.json.conversationId).toBe(conversationId);

    const posted = await call('POST', `/conversations/${conversationId}/activities`, token, {
      type: 'message',
      text: 'hello',
      from: { id: 'spoofed-id' },
      channelData: { clientActivityID: 'client-1' },
    });
    expect(posted.status).toBe(200);
    expect(posted.json.id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    expect(seen[1]).toMatchObject({ type: 'message', text: 'hello', fromId: 'dl_person-1', channelId: 'webchat' });

    const first = await call('GET', `/conversations/${conversationId}/activities?watermark=`, token);
    expect(first.status).toBe(200);
    const firstMessages = messages(first.json.activities as DlActivity[]);
    expect(firstMessages.map((a) => [a.from.role, a.text])).toEqual([
      ['user', 'hello'],
      ['bot', 'You said: hello'],
    ]);
    // Web Chat matches its own message by clientActivityID and the token's user id.
    expect(firstMessages[0]).toMatchObject({ id: posted.json.id, from: { id: 'dl_person-1' }, channelData: { clientActivityID: 'client-1' } });
    expect(firstMessages[1].replyToId).toBe(posted.json.id);

    const empty = await call('GET', `/conversations/${conversationId}/activities?watermark=${first.json.watermark}`, token);
    expect(empty.json).toEqual({ activities: [], watermark: first.json.watermark });

    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'again' });
    const next = await call('GET', `/conversations/${conversationId}/activities?watermark=${first.json.watermark}`, token);
    expect(messages(next.json.activities).map((a) => a.text)).toEqual(['again', 'You said: again']);

    clock.advance(10 * 60 * 1000);
    const refreshed = await call('POST', '/tokens/refresh', token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.conversationId).toBe(conversationId);
    clock.advance(25 * 60 * 1000); // the original token has now expired, the refreshed one has not
    expect((await call('GET', `/conversations/${conversationId}/activities`, token)).status).toBe(403);
    expect((await call('GET', `/conversations/${conversationId}/activities`, refreshed.json.token)).status).toBe(200);
  });

  it('scopes a token to its own conversation and refuses bad credentials with a reason', async () => {
    await start();
    const a = (await call('POST', '/tokens/generate')).json;
    const b = (await call('POST', '/tokens/generate')).json;
    const crossed = await call('POST', `/conversations/${b.conversationId}/activities`, a.token, { type: 'message', text: 'hi' });
    expect(crossed.status).toBe(403);
    expect(crossed.json.error.code).toBe('DIRECTLINE_WRONG_CONVERSATION');
    const forged = `${a.token.slice(0, -4)}AAAA`;
    expect((await call('GET', `/conversations/${a.conversationId}/activities`, forged)).status).toBe(403);
    expect((await call('GET', `/conversations/${a.conversationId}/activities`)).status).toBe(403);
    const invalid = await call('POST', `/conversations/${a.conversationId}/activities`, a.token, { type: 'nonsense' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.reason).toMatch(/type must be/);
    const tooLong = await call('POST', `/conversations/${a.conversationId}/activities`, a.token, { type: 'message', text: 'x'.repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(seen.filter((t) => t.type === 'message')).toHaveLength(0);
  });

  it('with DIRECTLINE_SECRET set, only the secret holder can mint tokens or start conversations', async () => {
    await start({ secret: 'directline-secret-abcdefghijkl' });
    expect((await call('POST', '/tokens/generate')).status).toBe(403);
    expect((await call('POST', '/conversations')).status).toBe(403);
    const generated = await call('POST', '/tokens/generate', 'directline-secret-abcdefghijkl');
    expect(generated.status).toBe(200);
    const started = await call('POST', '/conversations', 'directline-secret-abcdefghijkl');
    expect(started.status).toBe(201);
    const posted = await call('POST', `/conversations/${started.json.conversationId}/activities`, started.json.token, { type: 'message', text: 'hi' });
    expect(posted.status).toBe(200);
  });

  it('delivers a proactive message to an open chat through the stored conversation reference', async () => {
    await start();
    const { conversationId, token } = (await call('POST', '/tokens/generate')).json;
    await call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text: 'hello' });
    const before = (await call('GET', `/conversations/${conversationId}/activities`, token)).json.watermark;

    let reference: Partial<ConversationReference> | undefined;
    await directLine.adapter.continueConversation(
      { channelId: 'webchat', serviceUrl: 'urn:crisis-bot:local-directline', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, bot: { id: 'crisis-bot', name: 'Example Trust' } },
      async (context) => {
        reference = TurnContext.getConversationReference(context.activity);
        await context.sendActivity('A member of the crisis team has accepted your alert.');
      },
    );
    const after = await call('GET', `/conversations/${conversationId}/activities?watermark=${before}`, token);
    expect(messages(after.json.activities).map((a) => a.text)).toEqual(['A member of the crisis team has accepted your alert.']);
    expect(reference?.conversation?.id).toBe(conversationId);
  });

  it('keeps concurrent posts (no lost writes) and bounds the log while keeping watermarks absolute', async () => {
    await start({ maxActivities: 6 });
    const { conversationId, token } = (await call('POST', '/tokens/generate')).json;
    const texts = ['one', 'two', 'three', 'four'];
    await Promise.all(texts.map((text) => call('POST', `/conversations/${conversationId}/activities`, token, { type: 'message', text })));
    expect(seen.filter((t) => t.type === 'message')).toHaveLength(4);
    // conversationUpdate + 4 messages + 4 replies (+ typing) = at least 9 ever appended; only 6 kept.
    const page = (await call('GET', `/conversations/${conversationId}/activities?watermark=0`, token)).json;
    expect(page.activities).toHaveLength(6);
    expect(Number(page.watermark)).toBeGreaterThanOrEqual(9);
    const ids = (page.activities as DlActivity[]).map((a) => Number(a.id.split('|')[1]));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[5]).toBe(Number(page.watermark) - 1);
  });

  it('answers 404 for a conversation that does not exist or has expired', async () => {
    await start();
    const { conversationId, token } = (await call('POST', '/tokens/generate')).json;
    clock.advance(25 * 60 * 60 * 1000);
    const refreshedAfterExpiry = await call('POST', '/tokens/refresh', token);
    expect(refreshedAfterExpiry.status).toBe(403);
    const fresh = (await call('POST', '/tokens/generate')).json;
    expect((await call('GET', `/conversations/${conversationId}/activities`, fresh.token)).status).toBe(403);
    expect((await call('GET', `/conversations/${fresh.conversationId}/activities`, fresh.token)).status).toBe(200);
  });
});
