import type { AddressInfo } from 'net';
import pino from 'pino';
import type { Server } from 'restify';
import { createServer } from '../../../bot/server/create-server';
import { registerEscalationWebhooks } from '../../../bot/twilio/escalation-webhooks';
import { ManualClock } from '../../../config/clock';
import { EscalationHarness, startInput, TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL } from '../../support/escalation-harness';
import { postTwilioWebhook } from '../../support/twilio-webhook-client';

const MONDAY = '2026-01-12T10:00:00.000Z';
const OKAFOR = '+447700900102';
const PATEL = '+447700900101';

describe('Twilio escalation webhooks', () => {
  let clock: ManualClock;
  let h: EscalationHarness;
  let server: Server;
  let localBaseUrl: string;

  beforeEach(async () => {
    clock = new ManualClock(MONDAY);
    h = await new EscalationHarness({ clock }).start();
    const logger = pino({ level: 'silent' });
    server = createServer(logger);
    registerEscalationWebhooks(server, {
      service: h.service, store: h.store.escalations, idempotency: h.store.idempotency, clock, logger,
      authToken: TEST_AUTH_TOKEN, publicBaseUrl: TEST_PUBLIC_BASE_URL,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    localBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.stop();
  });

  const post = (path: string, params: Record<string, string>, signature?: string) =>
    postTwilioWebhook({ localBaseUrl, publicBaseUrl: TEST_PUBLIC_BASE_URL, path, params, authToken: TEST_AUTH_TOKEN, signature });

  async function pagedEscalation() {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const callRequest = h.fake.accepted('Calls')[0];
    const twimlPath = String(callRequest.params.Url).slice(TEST_PUBLIC_BASE_URL.length);
    return { escalation, callRequest, twimlPath, smsSid: h.fake.accepted('Messages')[0].sid!, callSid: callRequest.sid! };
  }

  it('refuses a bad or missing signature with 403 and a reason, on every route', async () => {
    const { twimlPath } = await pagedEscalation();
    for (const path of [twimlPath, twimlPath.replace('/twiml/', '/keypress/'), '/api/twilio/status']) {
      const bad = await post(path, { CallSid: 'CA1', Digits: '1', CallStatus: 'completed' }, 'not-a-signature');
      expect(bad.status).toBe(403);
      expect(JSON.parse(bad.body)).toMatchObject({ error: { code: 'TWILIO_SIGNATURE_INVALID' } });
    }
    const missing = await fetch(`${localBaseUrl}/api/twilio/status`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'MessageSid=SM1&MessageStatus=delivered',
    });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('X-Twilio-Signature header is missing');
    // Signed for another URL (wrong PUBLIC_BASE_URL) is refused too.
    const elsewhere = await postTwilioWebhook({ localBaseUrl, publicBaseUrl: 'https://other.example', path: '/api/twilio/status', params: { MessageSid: 'SM1', MessageStatus: 'delivered' }, authToken: TEST_AUTH_TOKEN });
    expect(elsewhere.status).toBe(403);
    expect(await h.store.escalations.get((await h.store.escalations.list())[0].id)).toMatchObject({ state: 'paging' });
  });

  it('serves TwiML that reads the alert and gathers one digit', async () => {
    const { escalation, twimlPath, callSid } = await pagedEscalation();
    const response = await post(twimlPath, { CallSid: callSid, CallStatus: 'in-progress', To: OKAFOR });
    expect(response.status).toBe(200);
    expect(response.contentType).toContain('text/xml');
    expect(response.body).toContain('<Gather numDigits="1"');
    expect(response.body).toContain(`${TEST_PUBLIC_BASE_URL}/api/twilio/voice/keypress/`);
    expect(response.body).toContain(`reference ${escalation.reference.split('').join(' ')}`);
    expect(response.body).toContain('Press 1 to accept');
    expect(response.body).not.toMatch(/suicid|Okafor/i);
  });

  it('pressing 1 acknowledges once, stops re-paging, and a repeated delivery is handled once', async () => {
    const { escalation, twimlPath, callSid } = await pagedEscalation();
    const keypressPath = twimlPath.replace('/twiml/', '/keypress/');
    const first = await post(keypressPath, { CallSid: callSid, Digits: '1' });
    expect(first.body).toContain('You have accepted crisis alert');
    const again = await post(keypressPath, { CallSid: callSid, Digits: '1' });
    expect(again.status).toBe(200);
    expect(again.body).toContain('is recorded');
    const stored = await h.store.escalations.get(escalation.id);
    expect(stored).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'clinician:nurse-okafor' });
    const acks = (await h.store.audit.list({ escalationId: escalation.id })).filter((a) => a.action === 'acknowledged');
    expect(acks).toEqual([expect.objectContaining({ source: 'voice-keypress', actor: 'clinician:nurse-okafor' })]);
    clock.advance(3_600_000);
    await h.worker.runUntilIdle();
    expect(h.fake.accepted()).toHaveLength(2);
    expect(h.person.eventsFor(escalation.id)).toEqual(['acknowledged']);
  });

  it('another key repeats the prompt; no key hangs up', async () => {
    const { twimlPath, callSid } = await pagedEscalation();
    const keypressPath = twimlPath.replace('/twiml/', '/keypress/');
    expect((await post(keypressPath, { CallSid: callSid, Digits: '7' })).body).toContain('<Redirect method="POST">');
    expect((await post(keypressPath, { CallSid: callSid, Digits: '' })).body).toContain('Goodbye');
    expect((await h.store.escalations.list())[0].state).toBe('paging');
  });

  it('status callbacks update attempts, are deduplicated, and failures move the policy on', async () => {
    const { escalation, smsSid, callSid } = await pagedEscalation();
    expect((await post('/api/twilio/status', { MessageSid: smsSid, MessageStatus: 'delivered' })).status).toBe(204);
    expect((await post('/api/twilio/status', { MessageSid: smsSid, MessageStatus: 'delivered' })).status).toBe(204);
    const statusAudits = (await h.store.audit.list({ escalationId: escalation.id })).filter((a) => a.action === 'page-status');
    expect(statusAudits).toHaveLength(1);
    expect((await h.store.escalations.findAttemptByProviderSid(smsSid))?.status).toBe('delivered');

    // The SMS was delivered, so an unanswered call alone does not move on...
    await post('/api/twilio/status', { CallSid: callSid, CallStatus: 'no-answer' });
    await h.worker.runUntilIdle();
    expect(h.fake.requestsTo(PATEL)).toHaveLength(0);
    expect((await h.store.escalations.findAttemptByProviderSid(callSid))).toMatchObject({ status: 'failed', error: 'no-answer' });
    // ...but once the SMS is undelivered too, nothing can be acknowledged and step 2 is paged at once.
    await h.service.recordDeliveryStatus(smsSid, 'undelivered');
    await h.worker.runUntilIdle();
    expect(h.fake.requestsTo(PATEL).length).toBe(2);
  });

  it('rejects a status callback without the fields it needs', async () => {
    const response = await post('/api/twilio/status', { AccountSid: 'AC1' });
    expect(response.status).toBe(400);
    expect(response.body).toContain('TWILIO_STATUS_FIELDS_MISSING');
  });
});
