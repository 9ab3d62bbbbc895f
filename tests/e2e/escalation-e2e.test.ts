/**
 * Issue 5, end to end through the real composition root (createApp): an emergency message pages the
 * on-call clinician through the Twilio SDK against a local fake Twilio, the operator CLI sees it, an
 * unacknowledged page walks to the next step, and an SMS reply or a keypress stops the paging and
 * tells the person. Real HTTP on 127.0.0.1, real SQLite in a temp dir, signed Twilio webhooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { buildRuntime, createApp, createClock, type App } from '../../bot/index';
import { createLogger } from '../../bot/logger';
import { listEscalations, showEscalation, type EscalationServices } from '../../bot/cli/commands/escalation-commands';
import type { Env } from '../../config/env-schema';
import { loadEnv } from '../../config/load-env';
import type { ServiceConfig } from '../../config/service-schema';
import type { EscalationRecord } from '../../escalation/escalation-record';
import { FakeTwilioServer, type RecordedTwilioRequest } from '../support/fake-twilio-server';
import { say } from '../support/spawn-bot';
import { postTwilioWebhook } from '../support/twilio-webhook-client';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'e2e-escalation-auth-token-0000';
const FROM_NUMBER = '+447700900000';
const PUBLIC_BASE_URL = 'https://crisis-bot.example.nhs.uk';
const ACK_TIMEOUT_SECONDS = 2;
const EMERGENCY_TEXT = 'I have taken all my pills tonight and I want to die';
const SECOND_ON_CALL_ROTA = 'crisis-second-on-call';
const FIRST_ON_CALL_ROTA = 'crisis-first-on-call';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  app: App;
  env: Env;
  fake?: FakeTwilioServer;
  dataDir: string;
}

const running: Running[] = [];

async function startApp(options: { twilio: boolean }): Promise<Running> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crisis-bot-escalation-e2e-'));
  const fake = options.twilio ? await new FakeTwilioServer().start() : undefined;
  const env = loadEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(fake
      ? {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_FROM_NUMBER: FROM_NUMBER,
          TWILIO_API_BASE_URL: fake.baseUrl,
          PUBLIC_BASE_URL,
          ESCALATION_ACK_TIMEOUT_SECONDS: String(ACK_TIMEOUT_SECONDS),
        }
      : {}),
  });
  const app = await createApp({ env });
  const started = { app, env, fake, dataDir };
  running.push(started);
  return started;
}

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.app.close();
    await r.fake?.stop();
    rmSync(r.dataDir, { recursive: true, force: true });
  }
});

/** Independent oracle for who is on call: weekly shifts (first listed wins), overrides (last listed wins). */
function onCallPhone(config: ServiceConfig, rotaId: string, at: Date): string {
  const zone = config.service.timeZone;
  const rota = config.rotas.find((r) => r.id === rotaId);
  if (!rota) throw new Error(`no rota ${rotaId} in config/service.yaml`);
  const now = DateTime.fromJSDate(at, { zone });
  const wallClock = (day: DateTime, hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return day.startOf('day').plus({ hours: h, minutes: m });
  };
  let person: string | undefined;
  for (const override of [...rota.overrides].reverse()) {
    const from = DateTime.fromISO(override.from, { zone });
    const to = DateTime.fromISO(override.to, { zone });
    if (now >= from && now < to) {
      person = override.person;
      break;
    }
  }
  if (!person) {
    outer: for (const shift of rota.weekly) {
      for (const dayOffset of [0, -1]) {
        const day = now.plus({ days: dayOffset });
        const weekday = day.setLocale('en-GB').toFormat('cccc').toLowerCase();
        if (!(shift.days as string[]).includes(weekday)) continue;
        const start = wallClock(day, shift.from);
        let end = wallClock(day, shift.to);
        if (end <= start) end = wallClock(day.plus({ days: 1 }), shift.to);
        if (now >= start && now < end) {
          person = shift.person;
          break outer;
        }
      }
    }
  }
  const phone = config.people.find((p) => p.id === person)?.phone;
  if (!phone) throw new Error(`nobody on call on ${rotaId} at ${at.toISOString()}`);
  return phone;
}

/** Page requests (SMS or call) belonging to one escalation. */
function pagesFor(fake: FakeTwilioServer, escalation: Pick<EscalationRecord, 'id' | 'reference'>): RecordedTwilioRequest[] {
  return fake.requests.filter((r) =>
    r.resource === 'Messages'
      ? String(r.params.Body ?? '').includes(`crisis alert ${escalation.reference}`)
      : String(r.params.Url ?? '').includes(`escalation=${escalation.id}`),
  );
}

function referenceIn(replies: string[]): string {
  const match = /reference(?: is)? \(?(\d{4})/.exec(replies.join('\n'));
  if (!match) throw new Error(`no escalation reference in the replies:\n${replies.join('\n')}`);
  return match[1];
}

async function escalationByReference(app: App, reference: string): Promise<EscalationRecord> {
  const record = await app.escalations.findByReference(reference);
  if (!record) throw new Error(`escalation ${reference} is not stored`);
  return record;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** The operator CLI's own commands, over the CLI's own composition (buildRuntime on the same DATA_DIR). */
async function cli(env: Env, run: (services: EscalationServices, out: Writable) => Promise<number>): Promise<{ code: number; text: string }> {
  const runtime = await buildRuntime(env, createLogger('silent'), createClock(env));
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  try {
    const code = await run({ escalations: runtime.escalations, store: runtime.store, close: () => runtime.store.close() }, out);
    return { code, text: chunks.join('') };
  } finally {
    await runtime.store.close();
  }
}

/** A conversation on the bot's own Direct Line endpoint: the one channel a test can receive proactive messages on. */
async function directLineConversation(baseUrl: string) {
  const generated = await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
  expect(generated.status).toBe(200);
  const { conversationId, token } = (await generated.json()) as { conversationId: string; token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers });
  expect(started.status).toBe(200);
  const botTexts = async (): Promise<string[]> => {
    const res = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities`, { headers });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { activities: { type: string; text?: string; from: { role?: string } }[] };
    return page.activities.filter((a) => a.type === 'message' && a.from.role === 'bot' && a.text).map((a) => a.text as string);
  };
  const send = async (text: string): Promise<string[]> => {
    const before = (await botTexts()).length;
    const res = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text }),
    });
    expect(res.status).toBe(200);
    return (await botTexts()).slice(before);
  };
  return { conversationId, send, botTexts };
}

describe('emergency escalation through createApp, Twilio SDK -> fake Twilio', () => {
  it('pages the on-call clinician within 1 s of the reply, shows in `escalations list`, and re-pages the next step when nobody accepts', async () => {
    const { app, env, fake } = await startApp({ twilio: true });
    const sentAt = new Date();
    const replies = await say(app.url, 'e2e-escalation-page', EMERGENCY_TEXT);
    const answeredAtMs = Date.now();
    const text = replies.join('\n');
    expect(text).toMatch(/\b999\b/);
    const reference = referenceIn(replies);
    const escalation = await escalationByReference(app, reference);
    expect(escalation.level).toBe('emergency');

    const firstOnCall = onCallPhone(app.config, FIRST_ON_CALL_ROTA, sentAt);
    await fake!.waitFor((requests) => requests.some((r) => r.params.To === firstOnCall && pagesFor(fake!, escalation).includes(r)), 1000);
    const firstPages = pagesFor(fake!, escalation);
    const firstPageAtMs = Math.min(...firstPages.map((r) => r.receivedAtMs));
    expect(firstPageAtMs - answeredAtMs).toBeLessThan(1000);
    const sms = firstPages.find((r) => r.resource === 'Messages');
    expect(sms?.params).toMatchObject({ To: firstOnCall, From: FROM_NUMBER });
    expect(sms?.basicAuth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
    // Health data stays out of SMS.
    expect(String(sms?.params.Body)).not.toMatch(/pills|die/i);
    await fake!.waitFor(() => pagesFor(fake!, escalation).some((r) => r.resource === 'Calls' && r.params.To === firstOnCall), 1000);

    const listed = await cli(env, (services, out) => listEscalations(services, out, {}));
    expect(listed.code).toBe(0);
    expect(listed.text).toMatch(new RegExp(`^${reference}\\s+emergency\\s+(open|paging)`, 'm'));

    const secondOnCall = onCallPhone(app.config, SECOND_ON_CALL_ROTA, new Date());
    expect(secondOnCall).not.toBe(firstOnCall);
    const secondStep = () => pagesFor(fake!, escalation).filter((r) => r.params.To === secondOnCall);
    await fake!.waitFor(() => new Set(secondStep().map((r) => r.resource)).size === 2, (ACK_TIMEOUT_SECONDS + 2) * 1000);
    const secondPageAtMs = Math.min(...secondStep().map((r) => r.receivedAtMs));
    // The acknowledgement timeout runs from when the first step's pages were started, not from when the fake
    // received them (on a busy machine that can be a hundred milliseconds later).
    const firstStepStartedMs = Math.min(
      ...(await app.store.escalations.listAttempts(escalation.id)).filter((a) => a.step === 0).map((a) => Date.parse(a.createdAt)),
    );
    expect(secondPageAtMs - firstStepStartedMs).toBeGreaterThanOrEqual(ACK_TIMEOUT_SECONDS * 1000 - 50);
    expect(secondStep().map((r) => r.resource).sort()).toEqual(['Calls', 'Messages']);

    const shown = await cli(env, (services, out) => showEscalation(services, out, reference));
    expect(shown.code).toBe(0);
    expect(shown.text).toMatch(/escalated/);
    expect(shown.text).toContain(secondOnCall);
  }, 30000);

  it('an SMS reply "1" from the paged clinician accepts: paging stops and the Direct Line conversation is told', async () => {
    const { app, fake } = await startApp({ twilio: true });
    const chat = await directLineConversation(app.url);
    const replies = await chat.send(EMERGENCY_TEXT);
    expect(replies.join('\n')).toMatch(/\b999\b/);
    const reference = referenceIn(replies);
    const escalation = await escalationByReference(app, reference);
    expect(escalation.contact.channel).toBe('webchat');

    const firstOnCall = onCallPhone(app.config, FIRST_ON_CALL_ROTA, new Date(escalation.createdAt));
    await fake!.waitFor(() => pagesFor(fake!, escalation).some((r) => r.resource === 'Messages' && r.params.To === firstOnCall), 1000);

    const reply = await postTwilioWebhook({
      localBaseUrl: app.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      path: '/api/twilio/sms',
      authToken: AUTH_TOKEN,
      params: { MessageSid: `SM${'a'.repeat(32)}`, AccountSid: ACCOUNT_SID, From: firstOnCall, To: FROM_NUMBER, Body: '1', NumMedia: '0' },
    });
    expect(reply.status).toBe(200);
    const ackedAtMs = Date.now();

    const acknowledged = await escalationByReference(app, reference);
    expect(acknowledged.state).toBe('acknowledged');
    expect(acknowledged.acknowledgedBy).toMatch(/^clinician:/);
    // The clinician gets a confirmation by SMS.
    await fake!.waitFor((requests) => requests.some((r) => r.params.To === firstOnCall && /accept/i.test(String(r.params.Body)) && r.receivedAtMs >= ackedAtMs - 50), 2000);

    // Two whole timeouts later nothing more was paged for this escalation.
    await sleep(ACK_TIMEOUT_SECONDS * 2000 + 500);
    const after = pagesFor(fake!, escalation).filter((r) => r.receivedAtMs > ackedAtMs);
    expect(after).toEqual([]);
    const secondOnCall = onCallPhone(app.config, SECOND_ON_CALL_ROTA, new Date());
    expect(pagesFor(fake!, escalation).filter((r) => r.params.To === secondOnCall)).toEqual([]);

    const told = await eventually(
      async () => (await chat.botTexts()).find((t) => t.includes(`accepted your alert (reference ${reference})`)),
      'the "accepted" proactive message in the Direct Line conversation',
    );
    expect(told).toMatch(/999/);
  }, 30000);

  it('pressing 1 on the page call accepts and stops re-paging', async () => {
    const { app, fake } = await startApp({ twilio: true });
    const replies = await say(app.url, 'e2e-escalation-keypress', EMERGENCY_TEXT);
    const escalation = await escalationByReference(app, referenceIn(replies));
    await fake!.waitFor(() => pagesFor(fake!, escalation).some((r) => r.resource === 'Calls'), 1000);
    const call = pagesFor(fake!, escalation).find((r) => r.resource === 'Calls')!;
    const twimlUrl = new URL(String(call.params.Url));
    expect(twimlUrl.origin).toBe(PUBLIC_BASE_URL);

    const twiml = await postTwilioWebhook({
      localBaseUrl: app.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      path: twimlUrl.pathname + twimlUrl.search,
      authToken: AUTH_TOKEN,
      params: { CallSid: call.sid!, AccountSid: ACCOUNT_SID, From: FROM_NUMBER, To: String(call.params.To), CallStatus: 'in-progress' },
    });
    expect(twiml.status).toBe(200);
    expect(twiml.body).toMatch(/Press 1/i);
    const action = /<Gather[^>]*action="([^"]+)"/.exec(twiml.body)?.[1]?.replace(/&amp;/g, '&');
    expect(action).toBeDefined();
    const keypressUrl = new URL(action!);
    expect(keypressUrl.pathname).toMatch(/^\/api\/twilio\/voice\/keypress\//);

    const pressed = await postTwilioWebhook({
      localBaseUrl: app.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      path: keypressUrl.pathname + keypressUrl.search,
      authToken: AUTH_TOKEN,
      params: { CallSid: call.sid!, AccountSid: ACCOUNT_SID, From: FROM_NUMBER, To: String(call.params.To), Digits: '1' },
    });
    const ackedAtMs = Date.now();
    expect(pressed.status).toBe(200);
    expect(pressed.body).toMatch(/You have accepted crisis alert/);
    const acknowledged = await escalationByReference(app, escalation.reference);
    expect(acknowledged.state).toBe('acknowledged');
    const audit = await app.store.audit.list({ escalationId: escalation.id });
    expect(audit.some((e) => e.action === 'acknowledged' && e.source === 'voice-keypress')).toBe(true);

    await sleep(ACK_TIMEOUT_SECONDS * 2000 + 500);
    expect(pagesFor(fake!, escalation).filter((r) => r.receivedAtMs > ackedAtMs)).toEqual([]);
  }, 30000);

  it('refuses Twilio webhooks with a bad signature (403)', async () => {
    const { app } = await startApp({ twilio: true });
    for (const [pathName, params] of [
      ['/api/twilio/sms', { MessageSid: `SM${'b'.repeat(32)}`, From: '+447700900102', To: FROM_NUMBER, Body: '1' }],
      ['/api/twilio/status', { MessageSid: `SM${'c'.repeat(32)}`, MessageStatus: 'delivered' }],
    ] as const) {
      const forged = await postTwilioWebhook({ localBaseUrl: app.url, publicBaseUrl: PUBLIC_BASE_URL, path: pathName, params, authToken: AUTH_TOKEN, signature: 'not-a-valid-signature' });
      expect({ path: pathName, status: forged.status }).toEqual({ path: pathName, status: 403 });
      expect(forged.body).toMatch(/TWILIO_SIGNATURE_INVALID/);
      const wrongKey = await postTwilioWebhook({ localBaseUrl: app.url, publicBaseUrl: PUBLIC_BASE_URL, path: pathName, params, authToken: 'some-other-token' });
      expect({ path: pathName, status: wrongKey.status }).toEqual({ path: pathName, status: 403 });
    }
  });
});

describe('emergency escalation with no Twilio credentials (default environment)', () => {
  it('still gives 999 and the crisis numbers, stores the escalation, audits undeliverable pages and tells the person to call directly', async () => {
    const { app, env } = await startApp({ twilio: false });
    const chat = await directLineConversation(app.url);
    const replies = await chat.send(EMERGENCY_TEXT);
    const text = replies.join('\n');
    expect(text).toMatch(/\b999\b/);
    expect(text).toContain(app.config.signposting.localCrisisLine.number);
    // Principle 3: no pager configured, so no claim that anyone was alerted.
    expect(text).toMatch(/can't reach the on-call team automatically right now, so please don't wait for us/);
    expect(text).not.toMatch(/I've alerted/);
    const reference = referenceIn(replies);
    const escalation = await escalationByReference(app, reference);

    const attempts = await eventually(async () => {
      const all = await app.store.escalations.listAttempts(escalation.id);
      return all.length > 0 && all.every((a) => a.status === 'undeliverable') ? all : undefined;
    }, 'undeliverable page attempts');
    expect(attempts.map((a) => a.channel).sort()).toEqual(expect.arrayContaining(['sms', 'voice']));

    const shown = await cli(env, (services, out) => showEscalation(services, out, reference));
    expect(shown.code).toBe(0);
    expect(shown.text).toMatch(/page-undeliverable/);
    expect(shown.text).toMatch(/undeliverable/);

    const told = await eventually(
      async () => (await chat.botTexts()).find((t) => t.includes('could not reach the on-call crisis team')),
      'the "call directly" proactive message',
    );
    expect(told).toContain(app.config.signposting.localCrisisLine.number);
    expect(told).toMatch(/999/);
  }, 30000);

  it('a Bot Framework connector that refuses neither delays the walk to the fallback nor is audited as "person told"', async () => {
    const { app } = await startApp({ twilio: false });
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        channelId: 'emulator',
        deliveryMode: 'expectReplies',
        // Nothing listens on the discard port: the connector call is refused.
        serviceUrl: 'http://127.0.0.1:9',
        conversation: { id: 'e2e-unreachable-connector' },
        from: { id: 'user-e2e-unreachable-connector' },
        recipient: { id: 'bot' },
        text: EMERGENCY_TEXT,
      }),
    });
    expect(res.status).toBe(200);
    const { activities } = (await res.json()) as { activities: { text?: string }[] };
    const escalation = await escalationByReference(app, referenceIn(activities.map((a) => a.text ?? '')));
    await eventually(async () => {
      const record = await app.store.escalations.get(escalation.id);
      return record?.state === 'expired' ? record : undefined;
    }, 'the policy walked to the fallback', 20000);
    const audit = await app.store.audit.list({ escalationId: escalation.id });
    const at = (action: string) => new Date(audit.find((e) => e.action === action)?.at ?? NaN).getTime();
    // Nobody was told anything: the connector refused every call.
    expect(audit.filter((e) => e.action === 'person-told').map((e) => e.details)).toEqual([]);
    // Every page is undeliverable, so each step moves on at once; telling the person must not hold up the fallback.
    expect(at('expired') - at('created')).toBeLessThan(2000);
  }, 30000);
});
