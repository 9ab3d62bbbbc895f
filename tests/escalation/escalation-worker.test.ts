import pino from 'pino';
import { ManualClock, SystemClock } from '../../config/clock';
import { ReferenceCodeGenerator } from '../../escalation/reference-code';
import { UndeliverableNotifier } from '../../escalation/notify/undeliverable-notifier';
import { EscalationService } from '../../escalation/escalation-service';
import { EscalationHarness, startInput } from '../support/escalation-harness';

// Monday 2026-01-12 10:00 GMT: nurse-okafor (…102) first on call, dr-patel (…101) second, manager-khan (…105) duty manager.
const MONDAY = '2026-01-12T10:00:00.000Z';
const OKAFOR = '+447700900102';
const PATEL = '+447700900101';
const KHAN = '+447700900105';
const BASE_PHONE = '+447700900199';

describe('escalation service and worker (SQLite, Twilio SDK against the fake)', () => {
  let clock: ManualClock;
  let h: EscalationHarness;

  beforeEach(async () => {
    clock = new ManualClock(MONDAY);
    h = await new EscalationHarness({ clock }).start();
  });
  afterEach(() => h.stop());

  it('stores the escalation, audits it, and pages the first on-call by SMS and voice with no health data', async () => {
    const { escalation, created } = await h.service.start(startInput('conv-1'));
    expect(created).toBe(true);
    expect(escalation.reference).toMatch(/^[1-9]\d{3}$/);
    const stored = await h.store.escalations.get(escalation.id);
    expect(stored).toMatchObject({ state: 'open', level: 'emergency', nextActionAt: MONDAY, currentStep: 0, cycle: 0 });
    expect((await h.store.audit.list({ escalationId: escalation.id })).map((a) => a.action)).toEqual(['created']);

    await h.worker.runOnce();
    const sms = h.fake.accepted('Messages');
    const calls = h.fake.accepted('Calls');
    expect(sms.map((r) => r.params.To)).toEqual([OKAFOR]);
    expect(calls.map((r) => r.params.To)).toEqual([OKAFOR]);
    const body = String(sms[0].params.Body);
    expect(body).toContain(escalation.reference);
    expect(body).toContain('EMERGENCY');
    expect(body).toContain('webchat');
    expect(body).toContain(`https://crisis-bot.example.nhs.uk/dashboard/escalations/${escalation.reference}`);
    expect(body).not.toMatch(/suicid|plan|Okafor|Chidi/i);
    expect(String(calls[0].params.Url)).toMatch(/^https:\/\/crisis-bot\.example\.nhs\.uk\/api\/twilio\/voice\/twiml\/[0-9a-f-]+\?escalation=/);
    expect(sms[0].params.StatusCallback).toBe('https://crisis-bot.example.nhs.uk/api/twilio/status');

    const after = await h.store.escalations.get(escalation.id);
    expect(after).toMatchObject({ state: 'paging', leaseOwner: null, nextActionAt: '2026-01-12T10:02:00.000Z' });
    const attempts = await h.store.escalations.listAttempts(escalation.id);
    expect(attempts.map((a) => [a.channel, a.status, a.providerSid?.slice(0, 2)])).toEqual([
      ['sms', 'queued', 'SM'],
      ['voice', 'queued', 'CA'],
    ]);
    const actions = (await h.store.audit.list({ escalationId: escalation.id })).map((a) => a.action);
    expect(actions).toEqual(['created', 'page-sent', 'page-sent', 'paging-started']);
  });

  it('moves to the next step only after the acknowledgement timeout', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    clock.advance(119_000);
    expect(await h.worker.runOnce()).toBe(0);
    expect(h.fake.requestsTo(PATEL)).toHaveLength(0);
    clock.advance(1_000);
    await h.worker.runOnce();
    expect(h.fake.accepted().map((r) => r.params.To)).toEqual([OKAFOR, OKAFOR, PATEL, PATEL]);
    expect(await h.store.escalations.get(escalation.id)).toMatchObject({ state: 'paging', currentStep: 1, cycle: 0 });
    const escalated = (await h.store.audit.list({ escalationId: escalation.id })).find((a) => a.action === 'escalated');
    expect(escalated).toMatchObject({ actor: 'worker:worker-a', reason: 'acknowledgement timeout at step 1 of 3' });
  });

  it('walks the whole policy, repeats it, tells the person to call 111/999, pages the fallback, then expires', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    const timeouts = [120, 120, 180, 120, 120, 180];
    await h.worker.runOnce();
    for (const seconds of timeouts) {
      clock.advance(seconds * 1000);
      await h.worker.runOnce();
    }
    expect(h.fake.accepted('Messages').map((r) => r.params.To)).toEqual([OKAFOR, PATEL, KHAN, OKAFOR, PATEL, KHAN, BASE_PHONE]);
    expect(h.person.eventsFor(escalation.id)).toEqual(['policy-exhausted']);
    expect(await h.store.escalations.get(escalation.id)).toMatchObject({ state: 'paging', currentStep: 3, cycle: 1 });
    clock.advance(300_000);
    await h.worker.runOnce();
    expect(await h.store.escalations.get(escalation.id)).toMatchObject({ state: 'expired', nextActionAt: null });
    clock.advance(3_600_000);
    expect(await h.worker.runOnce()).toBe(0);
    expect(h.fake.accepted()).toHaveLength(14);
  });

  it('acknowledgement stops re-paging and the person is told once', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    clock.advance(30_000);
    const result = await h.service.acknowledge(escalation.reference, 'clinician:nurse-okafor', 'sms-reply');
    expect(result).toMatchObject({ status: 'acknowledged', late: false });
    await h.worker.runOnce();
    expect(h.person.eventsFor(escalation.id)).toEqual(['acknowledged']);
    clock.advance(3_600_000);
    await h.worker.runOnce();
    expect(h.fake.accepted()).toHaveLength(2);
    expect(await h.service.acknowledge(escalation.reference, 'clinician:dr-patel', 'sms-reply')).toMatchObject({ status: 'already-acknowledged' });
    const stored = await h.store.escalations.get(escalation.id);
    expect(stored).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'clinician:nurse-okafor', nextActionAt: null });
    const audit = await h.store.audit.list({ escalationId: escalation.id });
    expect(audit.find((a) => a.action === 'acknowledged')).toMatchObject({ actor: 'clinician:nurse-okafor', source: 'sms-reply', fromState: 'paging', toState: 'acknowledged' });

    const resolved = await h.service.resolve(escalation.reference, 'called back, safety plan agreed', 'operator:alex');
    expect(resolved).toMatchObject({ status: 'resolved', escalation: { state: 'resolved', outcome: 'called back, safety plan agreed' } });
  });

  it('a person who can never be reached is audited as unreachable, once, not as told', async () => {
    h.person.unreachableBecause = 'the person has opted out of SMS (STOP)';
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    await h.service.acknowledge(escalation.reference, 'clinician:nurse-okafor', 'sms-reply');
    await h.worker.runOnce();
    clock.advance(60_000);
    await h.worker.runOnce();
    const audit = await h.store.audit.list({ escalationId: escalation.id });
    expect(audit.filter((a) => a.action === 'person-told')).toEqual([]);
    expect(audit.filter((a) => a.action === 'person-unreachable')).toEqual([
      expect.objectContaining({ reason: 'the person has opted out of SMS (STOP)', details: { event: 'acknowledged' } }),
    ]);
    expect(h.person.told).toEqual([]);
  });

  it('retries a page after Twilio 429/500 with back-off and delivers it', async () => {
    h.fake.setFailures({ mode: { kind: 'status', status: 429 }, next: 1 });
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const record = await h.store.escalations.get(escalation.id);
    // Retry is due well before the 120 s acknowledgement timeout.
    expect(new Date(record!.nextActionAt!).getTime() - clock.now().getTime()).toBeLessThan(1000);
    h.fake.setFailures({ mode: { kind: 'status', status: 500 }, next: 1 });
    clock.advance(1000);
    await h.worker.runOnce();
    clock.advance(1000);
    await h.worker.runOnce();
    const attempts = await h.store.escalations.listAttempts(escalation.id);
    expect(attempts.map((a) => a.status)).toEqual(['queued', 'queued']);
    expect(h.fake.requests.map((r) => r.outcome)).toEqual([429, 201, 500, 201]);
    const retries = (await h.store.audit.list({ escalationId: escalation.id })).filter((a) => a.action === 'page-retry');
    expect(retries).toHaveLength(2);
  });

  it('failed delivery callbacks (SMS undelivered, call unanswered) move on before the timeout', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const [sms, call] = h.fake.accepted();
    await h.service.recordDeliveryStatus(sms.sid!, 'undelivered', 'Twilio 30003');
    expect(h.fake.requestsTo(PATEL)).toHaveLength(0);
    // The call can still be answered: nothing moves yet.
    expect(await h.worker.runOnce()).toBe(1);
    expect(h.fake.requestsTo(PATEL)).toHaveLength(0);
    await h.service.recordDeliveryStatus(call.sid!, 'failed', 'no-answer');
    await h.worker.runOnce();
    expect(h.fake.accepted().map((r) => r.params.To)).toEqual([OKAFOR, OKAFOR, PATEL, PATEL]);
    expect(clock.now().toISOString()).toBe(MONDAY);
    const audit = (await h.store.audit.list({ escalationId: escalation.id })).find((a) => a.action === 'escalated');
    expect(audit?.reason).toBe('every page at this step failed at step 1 of 3');
  });

  it('a delivery status never moves backwards', async () => {
    await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const [sms] = h.fake.accepted();
    await h.service.recordDeliveryStatus(sms.sid!, 'delivered');
    const after = await h.service.recordDeliveryStatus(sms.sid!, 'sent');
    expect(after?.status).toBe('delivered');
    expect(await h.service.recordDeliveryStatus('SMunknown', 'delivered')).toBeUndefined();
  });

  it('a configuration change after the start never alters the escalation in progress', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    h.config = structuredClone(h.config);
    h.config.people.find((p) => p.id === 'dr-patel')!.phone = '+447700900777';
    h.config.escalation.emergency.steps[0].ackTimeoutSeconds = 3600;
    await h.worker.runOnce();
    clock.advance(120_000);
    await h.worker.runOnce();
    expect(h.fake.accepted().map((r) => r.params.To)).toEqual([OKAFOR, OKAFOR, PATEL, PATEL]);
    const second = await h.service.start(startInput('conv-2'));
    const snapshot = second.escalation.policySnapshot as { people: { id: string; phone: string }[] };
    expect(snapshot.people.find((p) => p.id === 'dr-patel')?.phone).toBe('+447700900777');
    expect(escalation.id).not.toBe(second.escalation.id);
  });

  it('a second trigger in the same conversation reuses the open escalation; a higher level starts a new one', async () => {
    const first = await h.service.start(startInput('conv-1', 'urgent'));
    const again = await h.service.start(startInput('conv-1', 'callback'));
    expect(again).toMatchObject({ created: false, escalation: { id: first.escalation.id } });
    const higher = await h.service.start(startInput('conv-1', 'emergency'));
    expect(higher.created).toBe(true);
    expect((await h.store.audit.list({ escalationId: first.escalation.id })).map((a) => a.action)).toEqual(['created', 'retriggered']);
  });

  it('a later request adds what the person agreed to since: their phone number and finished answers, audited', async () => {
    const quiet = startInput('conv-1', 'urgent');
    quiet.contact = { channel: 'webchat', conversationId: 'conv-1', consentToContact: false };
    quiet.reason = { ...quiet.reason, riskRules: ['si.passive'], asqOutcome: 'non-acute-positive', summary: 'ASQ: Q1 yes, Q2 refused -> non acute positive; the person stopped replying' };
    const first = await h.service.start(quiet);

    const finished = startInput('conv-1', 'urgent');
    finished.contact = { channel: 'webchat', conversationId: 'conv-1', phone: '+447700900123', preferredTime: 'today', consentToContact: true };
    finished.reason = { ...finished.reason, riskRules: ['si.passive', 'si.burden'], asqOutcome: 'non-acute-positive', summary: 'ASQ: Q1 yes, Q2 yes, Q3 no, Q4 no, Q5 no -> non acute positive' };
    const again = await h.service.start(finished);

    expect(again.created).toBe(false);
    const stored = await h.store.escalations.get(first.escalation.id);
    expect(again.escalation).toEqual(stored);
    expect(stored).toMatchObject({
      reference: first.escalation.reference,
      contact: { phone: '+447700900123', preferredTime: 'today', consentToContact: true },
      reason: {
        riskRules: ['si.passive', 'si.burden'],
        // Added to, never replaced: what the clinician was paged with stays.
        summary: `${quiet.reason.summary}; then: ASQ: Q1 yes, Q2 yes, Q3 no, Q4 no, Q5 no -> non acute positive`,
      },
    });
    const audit = await h.store.audit.list({ escalationId: first.escalation.id });
    expect(audit.map((a) => a.action)).toEqual(['created', 'retriggered', 'updated']);
    expect(audit[2]).toMatchObject({
      reason: 'phone number added with consent; safety-check answers added',
      details: { previousSummary: quiet.reason.summary },
    });
    // The same request again changes nothing more.
    await h.service.start(finished);
    expect((await h.store.audit.list({ escalationId: first.escalation.id })).map((a) => a.action)).toEqual(['created', 'retriggered', 'updated', 'retriggered']);
  });

  it("someone else's emergency never covers the person's own risk: each is its own escalation, and an outcome is never lowered", async () => {
    const thirdParty = startInput('conv-1', 'emergency');
    thirdParty.reason = { riskRules: ['oth.od'], categories: ['third_party'], rulesVersion: 'test', subject: 'other', summary: 'Third-party emergency' };
    const theirs = await h.service.start(thirdParty);
    const own = startInput('conv-1', 'urgent');
    own.reason = { ...own.reason, asqOutcome: 'non-acute-positive', summary: 'ASQ: Q1 yes, Q2 refused -> non acute positive' };
    const mine = await h.service.start(own);
    expect(mine.created).toBe(true);
    expect((await h.store.escalations.get(theirs.escalation.id))?.reason).toEqual(thirdParty.reason);

    const acute = await h.service.start(startInput('conv-2', 'emergency'));
    const later = startInput('conv-2', 'urgent');
    later.reason = { ...later.reason, asqOutcome: 'non-acute-positive', summary: 'ASQ: Q1 yes -> non acute positive' };
    await h.service.start(later);
    expect((await h.store.escalations.get(acute.escalation.id))?.reason.asqOutcome).toBe('acute-positive');
  });

  it('a new emergency is paged even when an earlier one was accepted; other repeats add their rules to the open one', async () => {
    const first = await h.service.start(startInput('conv-1', 'emergency'));
    await h.service.acknowledge(first.escalation.reference, 'clinician:dr-okafor', 'test');
    const later = startInput('conv-1', 'emergency');
    later.reason = { ...later.reason, riskRules: ['od.taken'], asqOutcome: undefined, summary: 'overdose taken' };
    const again = await h.service.start(later);
    expect(again.created).toBe(true);

    const urgent = await h.service.start(startInput('conv-2', 'urgent'));
    const repeat = startInput('conv-2', 'urgent');
    repeat.reason = { ...repeat.reason, riskRules: ['si.method'], categories: ['means'], asqOutcome: undefined };
    const folded = await h.service.start(repeat);
    expect(folded).toMatchObject({ created: false, escalation: { id: urgent.escalation.id } });
    expect(folded.escalation.reason.riskRules).toEqual(['suicidal-intent-plan', 'si.method']);
    expect(folded.escalation.reason.categories).toEqual(['suicide', 'means']);
  });

  it('"stop" folded into an open escalation removes its conversation reference, so the person is not messaged again', async () => {
    const first = await h.service.start(startInput('conv-1', 'urgent'));
    expect(first.escalation.conversationReference).toBeDefined();
    const stopped = startInput('conv-1', 'urgent');
    delete stopped.conversationReference;
    stopped.contact = { channel: 'webchat', conversationId: 'conv-1', consentToContact: false };
    const again = await h.service.start({ ...stopped, personAskedToStop: true });
    expect(again.created).toBe(false);
    expect(again.escalation.conversationReference).toBeUndefined();
    expect((await h.store.escalations.get(first.escalation.id))?.conversationReference).toBeUndefined();
    const audit = await h.store.audit.list({ escalationId: first.escalation.id });
    expect(audit.at(-1)).toMatchObject({ action: 'updated', reason: 'the person asked to stop: no more messages to them' });
  });

  it('"stop" withdraws a phone number given for an urgent call; an emergency keeps it on vital interests', async () => {
    const withPhone = (conversationId: string, level: 'urgent' | 'emergency') => {
      const input = startInput(conversationId, level);
      input.contact = { channel: 'sms', conversationId, phone: '+447700900123', preferredTime: 'today', consentToContact: true };
      return input;
    };
    const stop = (conversationId: string) => {
      const input = startInput(conversationId, 'urgent');
      delete input.conversationReference;
      input.contact = { channel: 'sms', conversationId, consentToContact: false };
      return { ...input, personAskedToStop: true };
    };
    const urgent = await h.service.start(withPhone('conv-u', 'urgent'));
    const afterStop = await h.service.start(stop('conv-u'));
    expect(afterStop.escalation.id).toBe(urgent.escalation.id);
    expect(afterStop.escalation.contact).toEqual({ channel: 'sms', conversationId: 'conv-u', consentToContact: false });

    const emergency = await h.service.start(withPhone('conv-e', 'emergency'));
    const emergencyAfterStop = await h.service.start(stop('conv-e'));
    expect(emergencyAfterStop.escalation.id).toBe(emergency.escalation.id);
    expect(emergencyAfterStop.escalation.contact).toMatchObject({ phone: '+447700900123', consentToContact: true });
    expect(emergencyAfterStop.escalation.conversationReference).toBeUndefined();
  });

  it('"stop" reaches every open escalation of the conversation; only an emergency keeps the phone', async () => {
    const withPhone = (level: 'callback' | 'urgent' | 'emergency', subject?: 'other') => {
      const input = startInput('conv-s', level);
      input.contact = { channel: 'sms', conversationId: 'conv-s', phone: '+447700900123', consentToContact: true };
      input.reason = { ...input.reason, asqOutcome: undefined, ...(subject ? { subject } : {}) };
      return input;
    };
    const callback = await h.service.start(withPhone('callback'));
    const reporterCall = await h.service.start(withPhone('urgent', 'other'));
    expect(await h.service.personAskedToStop('conv-s')).toEqual({ keepsPhone: false });
    for (const id of [callback.escalation.id, reporterCall.escalation.id]) {
      const stored = await h.store.escalations.get(id);
      expect(stored?.contact.phone).toBeUndefined();
      expect(stored?.conversationReference).toBeUndefined();
    }
    await h.service.start(withPhone('emergency'));
    expect(await h.service.personAskedToStop('conv-s')).toEqual({ keepsPhone: true });
    expect(await h.service.personAskedToStop('nobody')).toEqual({ keepsPhone: false });
  });

  it('retries of one alert (same alertKey) are stored once, even after it was accepted or resolved', async () => {
    const alert = startInput('conv-k', 'emergency');
    alert.reason = { ...alert.reason, alertKey: 'alert-1' };
    const first = await h.service.start(alert);
    await h.service.acknowledge(first.escalation.reference, 'clinician:dr-okafor', 'test');
    expect(await h.service.start(alert)).toMatchObject({ created: false, escalation: { id: first.escalation.id } });
    await h.service.resolve(first.escalation.reference, 'called, safe', 'operator:test');
    expect(await h.service.start(alert)).toMatchObject({ created: false, escalation: { id: first.escalation.id } });
    // A different alert is a new escalation.
    const other = startInput('conv-k', 'emergency');
    other.reason = { ...other.reason, alertKey: 'alert-2' };
    expect((await h.service.start(other)).created).toBe(true);
  });

  it('retries the reference on a collision with an open escalation', async () => {
    const codes = [1234, 1234, 5678];
    const service = new EscalationService({
      store: h.store.escalations, audit: h.store.audit, clock, logger: pino({ level: 'silent' }),
      currentConfig: () => h.config, wakeUp: h.wakeUp, references: new ReferenceCodeGenerator(() => codes.shift()!),
    });
    const a = await service.start(startInput('conv-a'));
    const b = await service.start(startInput('conv-b'));
    expect([a.escalation.reference, b.escalation.reference]).toEqual(['1234', '5678']);
  });

  it('two workers on one store never page the same step twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await h.service.start(startInput(`conv-${i}`))).escalation.id);
    const other = h.newWorker('worker-b');
    await Promise.all([h.worker.runUntilIdle(), other.runUntilIdle()]);
    expect(h.fake.accepted()).toHaveLength(40);
    for (const id of ids) expect(await h.store.escalations.listAttempts(id)).toHaveLength(2);
  });

  it('retries telling the person when the proactive message fails', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    h.person.failNext = 1;
    await h.service.acknowledge(escalation.reference, 'clinician:nurse-okafor', 'voice-keypress');
    await h.worker.runOnce();
    expect(h.person.told).toHaveLength(0);
    clock.advance(5_000);
    await h.worker.runOnce();
    expect(h.person.eventsFor(escalation.id)).toEqual(['acknowledged']);
  });
});

describe('without Twilio credentials', () => {
  it('walks the policy as undeliverable, tells the person to call directly once, and expires', async () => {
    const clock = new ManualClock(MONDAY);
    const h = await new EscalationHarness({ clock, notifier: new UndeliverableNotifier(pino({ level: 'silent' })) }).start();
    try {
      const { escalation } = await h.service.start(startInput('conv-1'));
      await h.worker.runUntilIdle();
      clock.advance(300_000);
      await h.worker.runUntilIdle();
      expect(h.person.eventsFor(escalation.id)).toEqual(['undeliverable']);
      expect(await h.store.escalations.get(escalation.id)).toMatchObject({ state: 'expired' });
      const attempts = await h.store.escalations.listAttempts(escalation.id);
      expect(attempts.length).toBe(14);
      expect(new Set(attempts.map((a) => a.status))).toEqual(new Set(['undeliverable']));
      expect(h.fake.requests).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });
});

describe('the running worker (real clock)', () => {
  it('sends the first page within a second of start() and re-pages after ESCALATION_ACK_TIMEOUT_SECONDS', async () => {
    const h = await new EscalationHarness({ clock: new SystemClock(), ackTimeoutOverrideSeconds: 0.3 }).start();
    try {
      h.worker.start();
      const started = Date.now();
      const { escalation } = await h.service.start(startInput('conv-1'));
      await h.fake.waitFor((requests) => requests.some((r) => r.outcome === 201), 1000);
      expect(h.fake.requests[0].receivedAtMs - started).toBeLessThan(1000);
      await h.fake.waitFor((requests) => requests.filter((r) => r.outcome === 201).length >= 4, 3000);
      await h.service.acknowledge(escalation.reference, 'clinician:dr-patel', 'sms-reply');
      const count = h.fake.accepted().length;
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(h.fake.accepted().length).toBeLessThanOrEqual(count + 2);
      const settled = h.fake.accepted().length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(h.fake.accepted().length).toBe(settled);
      expect(h.person.eventsFor(escalation.id)).toEqual(['acknowledged']);
    } finally {
      await h.stop();
    }
  });
});
