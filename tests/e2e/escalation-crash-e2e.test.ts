/**
 * Issue 5, crash safety end to end: the real bot process pages through the Twilio SDK, the fake
 * Twilio never answers (the page is in flight), the bot is SIGKILLed, and a new bot process on the
 * same DATA_DIR sends the page once the dead process's lease has run out. At least once, and at
 * most one duplicate per page that was in flight.
 */
import { rmSync } from 'node:fs';
import { FakeTwilioServer, type RecordedTwilioRequest } from '../support/fake-twilio-server';
import { say, spawnBot, type SpawnedBot } from '../support/spawn-bot';

const ACCOUNT_SID = `AC${'fedcba9876543210'.repeat(2)}`;
const AUTH_TOKEN = 'e2e-crash-auth-token-000000000';
const FROM_NUMBER = '+447700900000';
const PUBLIC_BASE_URL = 'https://crisis-bot.example.nhs.uk';
/** The worker's lease (30 s) bounds how long a dead process's claim blocks the next one. */
const LEASE_MS = 30_000;

describe('escalation survives a SIGKILL while the page is in flight', () => {
  let fake: FakeTwilioServer;
  const bots: SpawnedBot[] = [];

  beforeAll(async () => {
    fake = await new FakeTwilioServer().start();
  });

  afterAll(async () => {
    // SpawnedBot.stop() never resolves for a child already killed by a signal (exitCode stays null).
    for (const bot of bots) if (bot.child.exitCode === null && bot.child.signalCode === null) await bot.stop('SIGTERM');
    await fake.stop();
    if (bots[0]) rmSync(bots[0].dataDir, { recursive: true, force: true });
  });

  it('a restarted bot on the same DATA_DIR delivers the page, with at most one duplicate per page', async () => {
    const env = {
      LOG_LEVEL: 'info',
      PUBLIC_BASE_URL,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: FROM_NUMBER,
      TWILIO_API_BASE_URL: fake.baseUrl,
    };
    const first = await spawnBot(env, { timeoutMs: 60_000 });
    bots.push(first);
    fake.setFailures({ mode: { kind: 'hang' } });

    const replies = await say(first.baseUrl, 'e2e-crash-conversation', 'I have taken all my pills tonight and I want to die');
    expect(replies.join('\n')).toMatch(/\b999\b/);
    const reference = /reference is (\d{4})/.exec(replies.join('\n'))?.[1];
    expect(reference).toBeDefined();

    // SMS and call go out together: both are in flight (hung) when the process dies.
    await fake.waitFor((requests) => new Set(requests.filter((r) => r.outcome === 'hang').map((r) => r.resource)).size === 2, 5000);
    const inFlight = fake.requests.filter((r) => r.outcome === 'hang');
    const escalationId = new URL(String(inFlight.find((r) => r.resource === 'Calls')?.params.Url)).searchParams.get('escalation');
    expect(escalationId).toBeTruthy();
    const ofThisEscalation = (r: RecordedTwilioRequest) =>
      r.resource === 'Messages'
        ? String(r.params.Body ?? '').includes(`crisis alert ${reference}`)
        : new URL(String(r.params.Url)).searchParams.get('escalation') === escalationId;
    expect(inFlight.every(ofThisEscalation)).toBe(true);
    const pagedNumber = String(inFlight.find((r) => r.resource === 'Messages')?.params.To);
    expect(await first.stop('SIGKILL')).toBeNull();
    const killedAtMs = Date.now();

    fake.setFailures(undefined);
    const second = await spawnBot(env, { dataDir: first.dataDir, timeoutMs: 60_000 });
    bots.push(second);

    const delivered = () => fake.accepted().filter((r) => r.params.To === pagedNumber && ofThisEscalation(r));
    await fake.waitFor(() => new Set(delivered().map((r) => r.resource)).size === 2, LEASE_MS + 15_000);
    const deliveredAtMs = Math.max(...delivered().map((r) => r.receivedAtMs));
    // Nothing is sent twice by the new process, and each page in flight at the crash is repeated at most once.
    for (const resource of ['Messages', 'Calls'] as const) {
      const toPagedNumber = fake.requests.filter((r) => r.resource === resource && r.params.To === pagedNumber && ofThisEscalation(r));
      expect({ resource, accepted: toPagedNumber.filter((r) => r.outcome === 201).length }).toEqual({ resource, accepted: 1 });
      expect({ resource, requests: toPagedNumber.length }).toEqual({ resource, requests: 2 });
    }
    // The same call's TwiML points at the same stored attempt as the hung request (a resend, not a new page).
    const hungCall = inFlight.find((r) => r.resource === 'Calls');
    const resentCall = delivered().find((r) => r.resource === 'Calls');
    expect(resentCall?.params.Url).toBe(hungCall?.params.Url);
    process.stdout.write(`crash e2e: page delivered ${deliveredAtMs - killedAtMs} ms after SIGKILL (lease ${LEASE_MS} ms)\n`);
  }, 150_000);
});
