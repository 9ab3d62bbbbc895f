import type { Server } from 'restify';
import { TwilioSmsSender } from '../../../../bot/channels/twilio-sms/sms-sender';
import { createTwilioRestClient } from '../../../../escalation/notify/twilio-rest-client';
import { registerTwilioSmsChannel } from '../../../../bot/channels/twilio-sms/twilio-sms-channel';
import { createServer } from '../../../../bot/server/create-server';
import type { AppStore } from '../../../../bot/storage/app-store';
import { ManualClock } from '../../../../config/clock';
import { FakeTwilioServer } from '../../../support/fake-twilio-server';
import { postTwilioWebhook } from '../../../support/twilio-webhook-client';
import {
  capturedLogger,
  closeServer,
  CRISIS_TEXT,
  listen,
  openTempStore,
  recordingLogic,
  type CapturedLogger,
  type SeenTurn,
} from '../support/channel-test-kit';

const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const ACCOUNT_SID = 'AC00000000000000000000000000000001';
const PUBLIC_BASE_URL = 'https://crisis-bot.example.nhs.uk';
const PERSON = '+447700900123';
const SERVICE_NUMBER = '+441632960100';
const ROTA_NUMBER = '+447700900102';

describe('direct Twilio SMS channel', () => {
  let fake: FakeTwilioServer;
  let server: Server;
  let baseUrl: string;
  let store: AppStore;
  let cleanup: () => Promise<void>;
  let seen: SeenTurn[];
  let rotaCalls: { from: string; body: string }[];
  let log: CapturedLogger;
  let sid = 0;

  beforeEach(async () => {
    fake = await new FakeTwilioServer().start();
    log = capturedLogger();
    ({ store, cleanup } = await openTempStore(log.logger));
    seen = [];
    rotaCalls = [];
    server = createServer(log.logger);
    registerTwilioSmsChannel(server, {
      logic: recordingLogic(seen),
      authToken: AUTH_TOKEN,
      publicBaseUrl: PUBLIC_BASE_URL,
      sender: new TwilioSmsSender(createTwilioRestClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.baseUrl })),
      state: store.state,
      idempotency: store.idempotency,
      audit: store.audit,
      rota: {
        isRotaNumber: (phone) => phone === ROTA_NUMBER,
        handle: async (from, body) => {
          rotaCalls.push({ from, body });
          return 'Accepted crisis alert 4821.';
        },
      },
      addressHashKey: AUTH_TOKEN,
      serviceName: 'Example Trust Crisis Text Support',
      crisisMessage: () => CRISIS_TEXT,
      clock: new ManualClock('2026-03-02T22:00:00Z'),
      logger: log.logger,
    });
    baseUrl = await listen(server);
  });

  afterEach(async () => {
    await closeServer(server);
    await fake.stop();
    await cleanup();
  });

  const send = (body: string, options: { from?: string; messageSid?: string; signature?: string } = {}) =>
    postTwilioWebhook({
      localBaseUrl: baseUrl,
      publicBaseUrl: PUBLIC_BASE_URL,
      path: '/api/twilio/sms',
      authToken: AUTH_TOKEN,
      ...(options.signature ? { signature: options.signature } : {}),
      params: {
        MessageSid: options.messageSid ?? `SM${String(++sid).padStart(32, 'a')}`,
        AccountSid: ACCOUNT_SID,
        From: options.from ?? PERSON,
        To: SERVICE_NUMBER,
        Body: body,
        NumMedia: '0',
      },
    });

  const bodiesTo = (to: string) => fake.requestsTo(to).map((r) => r.params.Body);

  it('runs the bot on an inbound SMS and replies through the REST API, answering the webhook with empty TwiML', async () => {
    const response = await send('hello');
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/text\/xml/);
    expect(response.body).toContain('<Response/>');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ channelId: 'sms', type: 'message', text: 'hello' });
    expect(seen[0].conversationId).toMatch(/^sms:[0-9a-f]{32}$/);
    expect(seen[0].conversationId).not.toContain('7700900123');
    const [reply] = fake.accepted('Messages');
    expect(reply.params).toMatchObject({ To: PERSON, From: SERVICE_NUMBER, Body: 'You said: hello' });
    expect(reply.params.StatusCallback).toBe(`${PUBLIC_BASE_URL}/api/twilio/sms/status?conversation=${encodeURIComponent(seen[0].conversationId)}`);
    expect(reply.basicAuth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
    // Typing indicators are not sent on SMS: one REST call for the one message.
    expect(fake.requests).toHaveLength(1);
  });

  it('replayed with duplicate webhooks and a bad signature: exactly one reply per inbound message and one 403', async () => {
    const conversation = [
      { sid: 'SM0000000000000000000000000000001', body: 'hello' },
      { sid: 'SM0000000000000000000000000000002', body: 'what are your opening hours' },
      { sid: 'SM0000000000000000000000000000003', body: 'thank you' },
    ];
    const statuses: number[] = [];
    for (const message of conversation) {
      statuses.push((await send(message.body, { messageSid: message.sid })).status);
      statuses.push((await send(message.body, { messageSid: message.sid })).status); // Twilio retry
    }
    const forged = await send('forged message', { messageSid: 'SM0000000000000000000000000000009', signature: 'bm90IGEgc2lnbmF0dXJl' });
    statuses.push(forged.status);
    // Duplicates arriving concurrently are also processed once.
    const concurrent = await Promise.all([1, 2, 3].map(() => send('same again', { messageSid: 'SM0000000000000000000000000000004' })));
    statuses.push(...concurrent.map((r) => r.status));

    expect(statuses.filter((s) => s === 403)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    expect(JSON.parse(forged.body)).toEqual({ error: { code: 'TWILIO_SIGNATURE_INVALID', reason: expect.any(String) } });
    expect(bodiesTo(PERSON)).toEqual([
      'You said: hello',
      'You said: what are your opening hours',
      'You said: thank you',
      'You said: same again',
    ]);
    expect(seen.map((t) => t.text)).toEqual(['hello', 'what are your opening hours', 'thank you', 'same again']);
  });

  it('splits a long reply into parts of at most 1600 characters without breaking a phone number', async () => {
    await send('long');
    const bodies = bodiesTo(PERSON).map(String);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(body.length).toBeLessThanOrEqual(1600);
      expect(body.split('116 123').length).toBe(body.split('Samaritans').length);
      expect(body.split('0800 1111').length).toBe(body.split('Childline').length);
    }
  });

  it('shows buttons as a numbered list and markdown as plain text', async () => {
    await send('choose');
    expect(bodiesTo(PERSON)).toEqual(['Are you safe right now?\n1. Yes\n2. No']);
  });

  it('STOP opts the number out (audited, still screened and routed like "stop" anywhere, nothing sent) until START', async () => {
    await send('hello');
    const stop = await send('STOP');
    expect(stop.body).toContain('<Response/>');
    const conversationId = seen[0].conversationId;
    expect(seen[1]).toMatchObject({ type: 'message', text: 'STOP', conversationId });

    await send('are you there');
    expect(seen[2]).toMatchObject({ type: 'message', text: 'are you there' }); // still screened
    expect(bodiesTo(PERSON)).toEqual(['You said: hello']); // but nothing sent

    await send('Start');
    await send('hello again');
    expect(bodiesTo(PERSON)).toEqual([
      'You said: hello',
      `You can text Example Trust Crisis Text Support again. ${CRISIS_TEXT}`,
      'You said: Start',
      'You said: hello again',
    ]);
    const audit = await store.audit.list({ conversationId });
    expect(audit.map((e) => e.action)).toEqual(['sms-opt-out', 'sms-opt-in']);
    expect(audit[0]).toMatchObject({ actor: 'person', source: 'sms-keyword' });
  });

  it('HELP reaches the bot like any message, then the service name and crisis numbers follow', async () => {
    await send('help');
    expect(seen.map((t) => t.text)).toEqual(['help']);
    const [botReply, reply] = bodiesTo(PERSON);
    expect(botReply).toBe('You said: help');
    expect(reply).toContain('Example Trust Crisis Text Support');
    expect(reply).toContain('116 123');
    expect(reply).toContain('999');
  });

  it('texts from a rota number go to the acknowledgement handler, not the bot', async () => {
    await send('ACK 4821', { from: ROTA_NUMBER });
    expect(seen).toHaveLength(0);
    expect(rotaCalls).toEqual([{ from: ROTA_NUMBER, body: 'ACK 4821' }]);
    expect(bodiesTo(ROTA_NUMBER)).toEqual(['Accepted crisis alert 4821.']);
  });

  it('WhatsApp senders get their own channel and a hashed conversation id', async () => {
    await send('hello', { from: `whatsapp:${PERSON}` });
    expect(seen[0].channelId).toBe('whatsapp');
    expect(seen[0].conversationId).toMatch(/^whatsapp:[0-9a-f]{32}$/);
    expect(fake.requests[0].params).toMatchObject({ To: `whatsapp:${PERSON}`, Body: 'You said: hello' });
  });

  it('when Twilio REST refuses every reply, the crisis numbers go back in the TwiML itself', async () => {
    fake.setFailures({ mode: { kind: 'status', status: 500 } });
    const response = await send('hello');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<Message>');
    expect(response.body).toContain('116 123');
  });

  it('refuses malformed webhooks with a reason', async () => {
    const response = await postTwilioWebhook({
      localBaseUrl: baseUrl,
      publicBaseUrl: PUBLIC_BASE_URL,
      path: '/api/twilio/sms',
      authToken: AUTH_TOKEN,
      params: { Body: 'no sender' },
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('TWILIO_FIELDS_MISSING');
  });

  it('records an undelivered reply from the status callback in the audit log', async () => {
    await send('hello');
    const conversationId = seen[0].conversationId;
    const path = `/api/twilio/sms/status?conversation=${encodeURIComponent(conversationId)}`;
    const params = { MessageSid: 'SM0000000000000000000000000000042', MessageStatus: 'undelivered', ErrorCode: '30003' };
    const ok = await postTwilioWebhook({ localBaseUrl: baseUrl, publicBaseUrl: PUBLIC_BASE_URL, path, authToken: AUTH_TOKEN, params });
    expect(ok.status).toBe(204);
    const bad = await postTwilioWebhook({ localBaseUrl: baseUrl, publicBaseUrl: PUBLIC_BASE_URL, path, authToken: 'wrong-token', params });
    expect(bad.status).toBe(403);
    const audit = await store.audit.list({ conversationId });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'sms-reply-undelivered', source: 'twilio-status', details: expect.objectContaining({ errorCode: '30003' }) }),
    ]);
  });

  it('never writes the phone number or the message text to the logs', async () => {
    await send('I feel awful tonight');
    await send('STOP');
    const logs = log.lines.join('\n');
    expect(logs).not.toContain('7700900123');
    expect(logs).not.toContain('I feel awful tonight');
  });
});
