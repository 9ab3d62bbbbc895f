import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runTerminalChat } from '../../bot/channels/terminal/run-terminal-chat';
import { buildRuntime, createApp, type App, type Runtime } from '../../bot/index';
import { ManualClock } from '../../config/clock';
import type { Env } from '../../config/env-schema';
import { loadEnv } from '../../config/load-env';
import type { EscalationRecord } from '../../escalation/escalation-record';
import { capturedLogger } from '../bot/channels/support/channel-test-kit';
import { FakeTwilioServer } from '../support/fake-twilio-server';
import { postTwilioWebhook } from '../support/twilio-webhook-client';

/**
 * Channel parity: one table of scripted conversations, run through every channel of the real app
 * (Bot Framework /api/messages with expectReplies, the direct Twilio webhook, the local Direct Line
 * and the terminal), asserting the same routing and the same escalations on each.
 */

interface Turn {
  say: string;
  /** Phrases the bot's replies to this turn must all contain, whatever the channel. */
  expect: string[];
}

interface Script {
  name: string;
  turns: Turn[];
  escalation?: 'urgent' | 'emergency';
}

const TABLE: Script[] = [
  {
    name: 'an information question',
    turns: [{ say: 'what time are you open', expect: ['Monday to Friday', '01632 960 100', 'Was this helpful?'] }],
  },
  {
    name: 'an urgent disclosure with the safety check',
    turns: [
      { say: 'i want to die', expect: ['a few short questions', 'wished you were dead'] },
      { say: 'yes', expect: ['better off if you were dead'] },
      { say: 'yes', expect: ['thoughts about killing yourself'] },
      { say: 'no', expect: ['ever tried to kill yourself'] },
      { say: 'no', expect: ['thoughts of killing yourself right now'] },
      { say: 'no', expect: ['Thank you for telling me', 'phone you today?'] },
      { say: 'no', expect: ["I've let the crisis team know", '999'] },
    ],
    escalation: 'urgent',
  },
  {
    name: 'an emergency',
    turns: [
      { say: 'i have taken all my tablets', expect: ['call 999 now', "I've alerted the on-call crisis team", 'Are you safe right now?'] },
      { say: 'no', expect: ['call 999 now'] },
    ],
    escalation: 'emergency',
  },
  {
    name: '"stop"',
    turns: [
      { say: 'hi', expect: [] },
      { say: 'stop', expect: ["I've deleted", '999', '116 123', '85258'] },
    ],
  },
];

interface ChannelRun {
  conversationId: string;
  channelId: string;
  /** Everything the person received for each turn, joined. */
  replies: string[];
  /** Separate messages per turn, where the channel has such a notion (SMS). */
  messageCounts?: number[];
}

type ChannelName = 'bot-framework' | 'twilio-sms' | 'direct-line' | 'terminal';

const AUTH_TOKEN = 'parity-auth-token-0123456789';
const PUBLIC_BASE_URL = 'https://crisis-bot.example.nhs.uk';
const SERVICE_NUMBER = '+441632960100';

describe('channel parity: the same scripted conversations on every channel', () => {
  let fake: FakeTwilioServer;
  let app: App;
  let terminalRuntime: Runtime;
  let dataDir: string;
  let env: Env;
  let clock: ManualClock;
  let counter = 0;
  const results = new Map<string, ChannelRun>();

  beforeAll(async () => {
    fake = await new FakeTwilioServer().start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'channel-parity-'));
    env = loadEnv({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TWILIO_ACCOUNT_SID: 'AC0000000000000000000000000000000a',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: SERVICE_NUMBER,
      PUBLIC_BASE_URL,
      TWILIO_API_BASE_URL: fake.baseUrl,
    });
    // Wednesday 11:00 in London: the same in-hours answers on every channel.
    clock = new ManualClock('2026-03-04T11:00:00Z');
    const { logger } = capturedLogger('warn');
    app = await createApp({ env, logger, clock });
    // `crisis-bot chat` builds its own runtime on the same store, as here.
    terminalRuntime = await buildRuntime(env, logger, clock);
  });

  afterAll(async () => {
    await terminalRuntime?.store.close();
    await app?.close();
    await fake?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const drivers: Record<ChannelName, (script: Script) => Promise<ChannelRun>> = {
    'bot-framework': async (script) => {
      const conversationId = `parity-bf-${++counter}`;
      const replies: string[] = [];
      for (const turn of script.turns) {
        const response = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            channelId: 'webchat',
            deliveryMode: 'expectReplies',
            conversation: { id: conversationId },
            from: { id: `user-${conversationId}` },
            recipient: { id: 'bot' },
            text: turn.say,
          }),
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { activities?: { type: string; text?: string }[] };
        replies.push((body.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text).join('\n'));
      }
      return { conversationId, channelId: 'webchat', replies };
    },

    'twilio-sms': async (script) => {
      const person = `+4477009003${String(++counter).padStart(2, '0')}`;
      const replies: string[] = [];
      const messageCounts: number[] = [];
      let conversationId = '';
      for (const [i, turn] of script.turns.entries()) {
        const before = fake.requestsTo(person).length;
        const response = await postTwilioWebhook({
          localBaseUrl: app.url,
          publicBaseUrl: PUBLIC_BASE_URL,
          path: '/api/twilio/sms',
          authToken: AUTH_TOKEN,
          params: { MessageSid: `SM${counter}t${i}`.padEnd(34, '0'), AccountSid: env.TWILIO_ACCOUNT_SID!, From: person, To: SERVICE_NUMBER, Body: turn.say, NumMedia: '0' },
        });
        expect(response.status).toBe(200);
        expect(response.body).toContain('<Response/>');
        const sent = fake.requestsTo(person).slice(before);
        replies.push(sent.map((r) => String(r.params.Body)).join('\n'));
        messageCounts.push(sent.length);
        if (!conversationId) {
          const last = fake.requestsTo(person).at(-1);
          conversationId = decodeURIComponent(String(last?.params.StatusCallback ?? '').split('conversation=')[1] ?? '');
        }
      }
      return { conversationId, channelId: 'sms', replies, messageCounts };
    },

    'direct-line': async (script) => {
      const base = `${app.url}/v3/directline`;
      const generated = (await (await fetch(`${base}/tokens/generate`, { method: 'POST' })).json()) as { conversationId: string; token: string };
      const auth = { authorization: `Bearer ${generated.token}` };
      const started = await fetch(`${base}/conversations`, { method: 'POST', headers: auth });
      expect(started.status).toBe(200);
      let watermark = '';
      const poll = async () => {
        const page = (await (await fetch(`${base}/conversations/${generated.conversationId}/activities?watermark=${watermark}`, { headers: auth })).json()) as {
          activities: { type: string; text?: string; from: { role?: string } }[];
          watermark: string;
        };
        watermark = page.watermark;
        return page.activities.filter((a) => a.type === 'message' && a.from.role === 'bot' && a.text).map((a) => a.text).join('\n');
      };
      const welcome = await poll();
      expect(welcome).toMatch(/automated/);
      const replies: string[] = [];
      for (const turn of script.turns) {
        const posted = await fetch(`${base}/conversations/${generated.conversationId}/activities`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text: turn.say, from: { id: 'ignored' } }),
        });
        expect(posted.status).toBe(200);
        replies.push(await poll());
      }
      const stopAt = script.turns.findIndex((t) => t.say === 'stop');
      if (stopAt > 0) {
        // "stop" also empties the delivery log: a reload of the page (watermark 0) shows nothing said before it.
        const replay = (await (await fetch(`${base}/conversations/${generated.conversationId}/activities?watermark=0`, { headers: auth })).json()) as {
          activities: { type: string; text?: string }[];
        };
        const replayed = replay.activities.map((a) => a.text ?? '');
        expect(replayed.filter((text) => script.turns.slice(0, stopAt).some((t) => t.say === text))).toEqual([]);
        expect(replayed.filter((text) => /automated/.test(text))).toEqual([]);
        expect(replayed.join('\n')).toContain("I've deleted");
      }
      return { conversationId: generated.conversationId, channelId: 'webchat', replies };
    },

    terminal: async (script) => {
      const input = new PassThrough();
      const output = new PassThrough();
      const chunks: string[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
      const chat = runTerminalChat({
        input,
        output,
        logic: terminalRuntime.bot.run,
        crisisMessage: terminalRuntime.crisisMessage,
        clock,
        prompt: true,
      });
      input.end(script.turns.map((t) => `${t.say}\n`).join(''));
      const { conversationId } = await chat;
      // "you> " is printed before each line is read: segment i+1 holds the replies to line i.
      const segments = chunks.join('').replace(/Chat ended\.\n$/, '').split('you> ');
      expect(segments[0]).toMatch(/automated/);
      const replies = segments.slice(1, script.turns.length + 1).map((s) =>
        s
          .split('\n')
          .filter((line) => line.startsWith('bot> '))
          .map((line) => line.slice(5))
          .join('\n'),
      );
      return { conversationId, channelId: 'terminal', replies };
    },
  };

  const channelNames = Object.keys(drivers) as ChannelName[];

  async function escalationsOf(conversationId: string): Promise<EscalationRecord[]> {
    const all = await app.store.escalations.list({ states: ['open', 'paging', 'acknowledged', 'resolved', 'expired'] });
    return all.filter((e) => e.contact.conversationId === conversationId);
  }

  describe.each(TABLE)('$name', (script) => {
    it.each(channelNames)('on %s', async (channel) => {
      const run = await drivers[channel](script);
      results.set(`${script.name}|${channel}`, run);
      expect(run.replies).toHaveLength(script.turns.length);
      const carrierStop = channel === 'twilio-sms' && script.turns.some((t) => t.say === 'stop');

      for (const [i, turn] of script.turns.entries()) {
        const replies = run.replies[i];
        if (carrierStop && turn.say === 'stop') {
          // STOP is a carrier keyword: nothing may be sent after it. The bot still routed it (below).
          expect(replies).toBe('');
          continue;
        }
        for (const phrase of turn.expect) {
          if (!replies.includes(phrase)) throw new Error(`${channel}, turn ${i + 1} ("${turn.say}"): expected "${phrase}" in:\n${replies}`);
        }
      }

      const escalations = await escalationsOf(run.conversationId);
      if (script.escalation) {
        expect(escalations).toHaveLength(1);
        expect(escalations[0]).toMatchObject({ level: script.escalation, contact: { channel: run.channelId, conversationId: run.conversationId } });
        // The reference the person was given is the one stored and paged.
        expect(run.replies.join('\n')).toContain(escalations[0].reference);
        expect(escalations[0].conversationReference).toMatchObject({ conversation: { id: run.conversationId }, channelId: run.channelId });
      } else {
        expect(escalations).toHaveLength(0);
      }

      if (carrierStop) {
        const audit = await app.store.audit.list({ conversationId: run.conversationId });
        expect(audit.map((e) => e.action)).toContain('sms-opt-out');
        // The bot answered "stop" as on every channel (deletion + numbers); only the transport withheld it.
        const entries = await app.store.transcripts.list(run.conversationId);
        const lastInbound = entries.map((e) => e.direction).lastIndexOf('inbound');
        expect(entries.slice(lastInbound + 1).filter((e) => e.direction === 'outbound').length).toBeGreaterThanOrEqual(2);
      }
    });
  });

  it('routes each scripted conversation the same way on every channel (same number of replies per turn, same escalations)', async () => {
    for (const script of TABLE) {
      const runs = channelNames.map((channel) => results.get(`${script.name}|${channel}`));
      expect(runs.every(Boolean)).toBe(true);
      const levels = await Promise.all(runs.map(async (run) => (await escalationsOf(run!.conversationId)).map((e) => e.level)));
      expect(new Set(levels.map((l) => l.join(','))).size).toBe(1);
    }
  });

  it('over the direct SMS channel, duplicate webhooks and a bad signature give exactly one reply per inbound message and one 403', async () => {
    const person = '+447700900399';
    const script = TABLE[1].turns.map((t) => t.say);
    const statuses: number[] = [];
    const perMessage: number[] = [];
    for (const [i, text] of script.entries()) {
      const params = { MessageSid: `SMdup${i}`.padEnd(34, '0'), From: person, To: SERVICE_NUMBER, Body: text, NumMedia: '0' };
      const before = fake.requestsTo(person).length;
      const send = (authToken: string, overrides: Record<string, string> = {}) =>
        postTwilioWebhook({ localBaseUrl: app.url, publicBaseUrl: PUBLIC_BASE_URL, path: '/api/twilio/sms', authToken, params: { ...params, ...overrides } });
      statuses.push((await send(AUTH_TOKEN)).status);
      statuses.push((await send(AUTH_TOKEN)).status); // Twilio re-delivers the same MessageSid
      if (i === 2) statuses.push((await send('not-the-auth-token', { MessageSid: 'SMforged'.padEnd(34, '0'), Body: 'forged' })).status);
      perMessage.push(fake.requestsTo(person).length - before);
    }
    expect(statuses.filter((s) => s === 403)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(script.length * 2);
    // Exactly the messages one delivery of each inbound message produces (the undisturbed SMS run above).
    expect(perMessage).toEqual(results.get(`${TABLE[1].name}|twilio-sms`)?.messageCounts);
    const bodies = fake.requestsTo(person).map((r) => String(r.params.Body));
    expect(bodies.filter((b) => b.includes('wished you were dead'))).toHaveLength(1);
    expect(bodies.filter((b) => b.includes("I've let the crisis team know"))).toHaveLength(1);
    const escalations = (await app.store.escalations.list({ states: ['open', 'paging', 'acknowledged', 'resolved', 'expired'] })).filter(
      (e) => e.contact.channel === 'sms' && bodies.join('\n').includes(e.reference),
    );
    expect(escalations).toHaveLength(1);
  });
});
