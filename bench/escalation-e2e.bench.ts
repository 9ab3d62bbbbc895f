import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../bot/index';
import { loadEnv } from '../config/load-env';
import { FakeTwilioServer } from '../tests/support/fake-twilio-server';
import { say } from '../tests/support/spawn-bot';
import type { BenchReport } from './bench-report';

/**
 * Issue 5 end to end: emergency messages over POST /api/messages (expectReplies) into the real
 * composition root (createApp: risk screen, dialogs, SQLite, escalation service and worker, Twilio
 * SDK) with a fake Twilio on loopback. Measures the time from the HTTP reply to the fake's first
 * request for that escalation, then the outcome of every escalation when half of all Twilio
 * requests fail.
 */
const MESSAGES = 200;
/** One new conversation every 50 ms: 20 emergencies a second, far beyond a real crisis service's rate. */
const ARRIVAL_GAP_MS = 50;
const LATENCY_TARGET_MS = 1000;
const FAILURE_ACK_TIMEOUT_SECONDS = 2;
const SETTLE_DEADLINE_MS = 90_000;
const EMERGENCY_TEXT = 'I have taken all my pills tonight and I want to die';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Sent {
  conversationId: string;
  answeredAtMs: number;
  reference?: string;
  gave999: boolean;
}

async function withApp<T>(ackTimeoutSeconds: number, run: (app: App, fake: FakeTwilioServer) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crisis-bot-escalation-e2e-bench-'));
  const fake = await new FakeTwilioServer().start();
  const env = loadEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: 'bench-auth-token-0000000000',
    TWILIO_FROM_NUMBER: '+447700900000',
    TWILIO_API_BASE_URL: fake.baseUrl,
    PUBLIC_BASE_URL: 'https://crisis-bot.example.nhs.uk',
    ESCALATION_ACK_TIMEOUT_SECONDS: String(ackTimeoutSeconds),
  });
  const app = await createApp({ env });
  try {
    return await run(app, fake);
  } finally {
    await app.close();
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sends one emergency per conversation at a steady pace, without waiting for earlier replies. */
async function sendEmergencies(app: App, label: string): Promise<Sent[]> {
  const pending: Promise<Sent>[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const conversationId = `bench-e2e-${label}-${i}`;
    pending.push(
      say(app.url, conversationId, EMERGENCY_TEXT).then((replies) => {
        const text = replies.join('\n');
        return { conversationId, answeredAtMs: Date.now(), reference: /reference is (\d{4,6})/.exec(text)?.[1], gave999: /\b999\b/.test(text) };
      }),
    );
    await sleep(ARRIVAL_GAP_MS);
  }
  return Promise.all(pending);
}

function firstRequestByReference(fake: FakeTwilioServer): Map<string, number> {
  const first = new Map<string, number>();
  for (const r of fake.requests) {
    const reference = /crisis alert (\d+)/.exec(String(r.params.Body ?? ''))?.[1];
    if (reference && !first.has(reference)) first.set(reference, r.receivedAtMs);
  }
  return first;
}

async function latencyRun(): Promise<{ lines: string[]; pass: boolean }> {
  return withApp(600, async (app, fake) => {
    const began = Date.now();
    const sent = await sendEmergencies(app, 'latency');
    const references = sent.map((s) => s.reference).filter((r): r is string => r !== undefined);
    await fake
      .waitFor(() => references.every((r) => firstRequestByReference(fake).has(r)), 10_000)
      .catch((error: Error) => process.stderr.write(`escalation e2e bench: ${error.message}\n`));
    const first = firstRequestByReference(fake);
    const latencies = sent.map((s) => (s.reference && first.has(s.reference) ? first.get(s.reference)! - s.answeredAtMs : Infinity)).sort((a, b) => a - b);
    const missing = latencies.filter((l) => l === Infinity).length;
    const p99 = percentile(latencies, 99);
    return {
      lines: [
        `${MESSAGES} emergency messages, ${MESSAGES} conversations, one every ${ARRIVAL_GAP_MS} ms over POST /api/messages (expectReplies), createApp + SQLite + Twilio SDK -> fake Twilio`,
        `replies with 999: ${sent.filter((s) => s.gave999).length}/${MESSAGES}; with a stored reference: ${references.length}/${MESSAGES}; sent in ${Date.now() - began} ms`,
        `HTTP reply -> first Twilio request for that escalation: p50 ${percentile(latencies, 50)} ms, p99 ${p99} ms, max ${latencies[latencies.length - 1]} ms ` +
          `(negative = paged before the reply finished; target p99 < ${LATENCY_TARGET_MS} ms)`,
        ...(missing > 0 ? [`escalations never paged: ${missing}`] : []),
      ],
      pass: missing === 0 && references.length === MESSAGES && p99 < LATENCY_TARGET_MS,
    };
  });
}

async function failureRun(): Promise<{ lines: string[]; pass: boolean }> {
  return withApp(FAILURE_ACK_TIMEOUT_SECONDS, async (app, fake) => {
    fake.setFailures({ mode: { kind: 'status', status: 500 }, fraction: 0.5, seed: 2026 });
    const began = Date.now();
    const sent = await sendEmergencies(app, 'failure');
    const stored = await Promise.all(sent.map(async (s) => (s.reference ? app.escalations.findByReference(s.reference) : undefined)));
    const ids = stored.filter((e) => e !== undefined).map((e) => e.id);

    // Every stored escalation ends: the policy is walked to the fallback and expires (nobody accepts in this run).
    let open = ids.length;
    while (Date.now() - began < SETTLE_DEADLINE_MS) {
      const records = await Promise.all(ids.map((id) => app.store.escalations.get(id)));
      open = records.filter((r) => !r || (r.state !== 'expired' && r.state !== 'resolved')).length;
      if (open === 0) break;
      await sleep(250);
    }
    const elapsed = Date.now() - began;
    await app.worker.stop();

    let delivered = 0;
    let deliveredFirstStep = 0;
    let walkedToFallbackUndelivered = 0;
    let lost = sent.length - ids.length;
    const recordedSids = new Set<string>();
    for (const id of ids) {
      const record = await app.store.escalations.get(id);
      const attempts = await app.store.escalations.listAttempts(id);
      for (const a of attempts) if (a.providerSid) recordedSids.add(a.providerSid);
      if (attempts.some((a) => a.providerSid)) delivered += 1;
      else if (record?.state === 'expired') walkedToFallbackUndelivered += 1;
      else lost += 1;
      if (attempts.some((a) => a.providerSid && a.step === 0 && a.cycle === 0)) deliveredFirstStep += 1;
    }
    const accepted = fake.accepted();
    // A page Twilio accepted whose SID no attempt recorded was sent again (or never tracked): a duplicate.
    const duplicates = accepted.filter((r) => !recordedSids.has(r.sid ?? '')).length;
    const failed = fake.requests.filter((r) => r.outcome !== 201).length;
    return {
      lines: [
        `${MESSAGES} emergency messages (${MESSAGES} conversations, one every ${ARRIVAL_GAP_MS} ms) with the fake Twilio failing 50% of requests (HTTP 500, seeded), ack timeout ${FAILURE_ACK_TIMEOUT_SECONDS} s, nobody accepts`,
        `Twilio requests: ${fake.requests.length} (${failed} failed, ${accepted.length} accepted); all escalations ended in ${elapsed} ms (${open} still open)`,
        `delivered ${delivered}/${ids.length} (${deliveredFirstStep} within the first step), walked to fallback with nothing delivered ${walkedToFallbackUndelivered}, lost ${lost}`,
        `duplicate pages accepted by Twilio: ${duplicates}/${accepted.length} (target 0 without a crash)`,
      ],
      pass: lost === 0 && open === 0 && duplicates === 0,
    };
  });
}

export async function runEscalationE2eBench(): Promise<BenchReport> {
  const latency = await latencyRun();
  const failure = await failureRun();
  return { name: 'escalation end to end', lines: [...latency.lines, ...failure.lines], pass: latency.pass && failure.pass };
}
