import pino from 'pino';
import { TwilioNotifier } from '../../../escalation/notify/twilio-notifier';
import { UndeliverableNotifier } from '../../../escalation/notify/undeliverable-notifier';
import { NotifierError } from '../../../escalation/ports/notifier';
import { FakeTwilioServer } from '../../support/fake-twilio-server';

const logger = pino({ level: 'silent' });
const ACCOUNT = 'AC00000000000000000000000000000001';

describe('TwilioNotifier against the fake Twilio server', () => {
  let fake: FakeTwilioServer;
  let notifier: TwilioNotifier;

  beforeEach(async () => {
    fake = await new FakeTwilioServer().start();
    notifier = new TwilioNotifier({
      accountSid: ACCOUNT,
      authToken: 'secret-token',
      fromNumber: '+447700900000',
      apiBaseUrl: fake.baseUrl,
      requestTimeoutMs: 300,
      logger,
    });
  });
  afterEach(() => fake.stop());

  it('sends an SMS through the real SDK with credentials, from number and status callback', async () => {
    const result = await notifier.sendSms('+447700900102', 'URGENT crisis alert 4821', { statusCallbackUrl: 'https://bot.example/api/twilio/status' });
    expect(result).toEqual({ outcome: 'accepted', providerSid: expect.stringMatching(/^SM/), providerStatus: 'queued' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      resource: 'Messages',
      accountSid: ACCOUNT,
      basicAuth: { username: ACCOUNT, password: 'secret-token' },
      params: { To: '+447700900102', From: '+447700900000', Body: 'URGENT crisis alert 4821', StatusCallback: 'https://bot.example/api/twilio/status' },
    });
  });

  it('places a call that fetches TwiML from our URL and reports completion to the status callback', async () => {
    const result = await notifier.placeCall('+447700900102', { twimlUrl: 'https://bot.example/api/twilio/voice/twiml/a1' }, { statusCallbackUrl: 'https://bot.example/api/twilio/status' });
    expect(result).toMatchObject({ outcome: 'accepted', providerSid: expect.stringMatching(/^CA/) });
    expect(fake.requests[0]).toMatchObject({
      resource: 'Calls',
      params: { To: '+447700900102', Url: 'https://bot.example/api/twilio/voice/twiml/a1', Method: 'POST', StatusCallback: 'https://bot.example/api/twilio/status', StatusCallbackEvent: 'completed' },
    });
  });

  it.each([
    [{ kind: 'status', status: 429 } as const, 'retryable', 429],
    [{ kind: 'status', status: 500 } as const, 'retryable', 500],
  ])('classifies %o as %s', async (mode, kind, httpStatus) => {
    fake.setFailures({ mode, next: 1 });
    const error = await notifier.sendSms('+447700900102', 'x', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifierError);
    expect(error).toMatchObject({ kind, detail: { httpStatus } });
  });

  it('a hung request times out as retryable', async () => {
    fake.setFailures({ mode: { kind: 'hang' }, next: 1 });
    const started = Date.now();
    const error = await notifier.placeCall('+447700900102', { twiml: '<Response/>' }, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('an invalid number (21211) is permanent', async () => {
    const error = await notifier.sendSms('07700 900102', 'x', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'permanent', detail: { httpStatus: 400, providerCode: 21211 } });
  });

  it('a refused connection is retryable', async () => {
    await fake.stop();
    const error = await notifier.sendSms('+447700900102', 'x', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'retryable' });
  });

  it('fails a seeded fraction of requests reproducibly', async () => {
    fake.setFailures({ mode: { kind: 'status', status: 500 }, fraction: 0.5, seed: 7 });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(await notifier.sendSms('+447700900102', 'x', {}).then(() => 'ok', () => 'fail'));
    }
    const failed = outcomes.filter((o) => o === 'fail').length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(17);
    expect(fake.requests.filter((r) => r.outcome === 500)).toHaveLength(failed);
  });
});

describe('UndeliverableNotifier', () => {
  it('reports every page undeliverable and says it cannot deliver', async () => {
    const notifier = new UndeliverableNotifier(logger);
    expect(notifier.canDeliver).toBe(false);
    await expect(notifier.sendSms('+447700900102', 'x')).resolves.toMatchObject({ outcome: 'undeliverable' });
    await expect(notifier.placeCall('+447700900102', { twiml: '<Response/>' })).resolves.toMatchObject({ outcome: 'undeliverable' });
  });
});
