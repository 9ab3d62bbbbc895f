import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import pino from 'pino';
import type { AppStore } from '../../../bot/storage/app-store';
import { EscalationRequesterAdapter } from '../../../bot/wiring/escalation-requester-adapter';
import { SafetyCheckWatchAdapter } from '../../../bot/wiring/safety-check-watch-adapter';
import { SafetyCheckWatchWorker } from '../../../bot/wiring/safety-check-watch-worker';
import { conversationStateKey, StoredSafetyCheckState } from '../../../bot/wiring/stored-safety-check-state';
import { ManualClock } from '../../../config/clock';
import type { EscalationRequest, EscalationRequester } from '../../../dialogs/ports/escalation-requester';
import { EscalationService } from '../../../escalation/escalation-service';
import { WorkerWakeUp } from '../../../escalation/worker-wake-up';
import { capturedLogger, openTempStore } from '../channels/support/channel-test-kit';
import { loadExampleServiceConfig } from '../../support/load-example-config';
import { makeWatchRequest } from '../storage/store-fixtures';

const MINUTE = 60_000;

describe('SafetyCheckWatchWorker (real SQLite store, real escalation service)', () => {
  let store: AppStore;
  let cleanup: () => Promise<void>;
  let clock: ManualClock;
  let requester: EscalationRequester;

  beforeEach(async () => {
    ({ store, cleanup } = await openTempStore(pino({ level: 'silent' })));
    clock = new ManualClock('2026-12-25T02:30:00Z');
    const config = loadExampleServiceConfig();
    const service = new EscalationService({
      store: store.escalations,
      audit: store.audit,
      clock,
      logger: pino({ level: 'silent' }),
      currentConfig: () => config,
      wakeUp: new WorkerWakeUp(),
    });
    requester = new EscalationRequesterAdapter(service, true);
  });

  afterEach(async () => {
    await cleanup();
  });

  function worker(escalations: EscalationRequester = requester, logger = pino({ level: 'silent' })) {
    const saved = new StoredSafetyCheckState(store.state);
    return new SafetyCheckWatchWorker({
      watches: store.safetyCheckWatches,
      escalations,
      clock,
      logger,
      workerId: 'test-worker',
      isStillNeeded: (contact) => saved.stillNeeded(contact),
    });
  }

  /** The conversation's saved state, as the dialogs leave it mid-check (or after it ended). */
  async function saveTriage(conversationId: string, unfinished: boolean) {
    const triage = { welcomed: true, actedLevel: 'urgent', ...(unfinished ? { unfinishedSafetyCheck: { answers: ['yes'] } } : {}) };
    await store.state.write({ [conversationStateKey('webchat', conversationId)]: { triage, eTag: '*' } });
  }

  it('files the escalation once the person has been quiet for the configured time, and only then', async () => {
    await saveTriage('conv-quiet', true);
    const watch = new SafetyCheckWatchAdapter(store.safetyCheckWatches, clock, 10);
    await watch.watch(makeWatchRequest('conv-quiet', 'ASQ: Q1 yes, Q2 refused -> non acute positive; the person stopped replying during the safety questions'));
    await watch.watch(makeWatchRequest('conv-finished'));
    await watch.stopWatching('conv-finished');

    clock.advance(10 * MINUTE - 1);
    expect(await worker().runOnce()).toBe(0);
    expect(await store.escalations.list()).toEqual([]);

    clock.advance(1);
    expect(await worker().runOnce()).toBe(1);
    const [escalation] = await store.escalations.list();
    expect(escalation).toMatchObject({
      level: 'urgent',
      state: 'open',
      contact: { channel: 'webchat', conversationId: 'conv-quiet', consentToContact: false },
      reason: { asqOutcome: 'non-acute-positive', summary: expect.stringContaining('stopped replying') },
    });
    const audit = await store.audit.list({ escalationId: escalation!.id });
    expect(audit.map((entry) => [entry.action, entry.source])).toContainEqual(['created', 'safety-check']);
    // Done: a later run files nothing more.
    clock.advance(MINUTE);
    expect(await worker().runOnce()).toBe(0);
    expect(await store.escalations.list()).toHaveLength(1);
  });

  it('a reply before the time is up restarts the wait', async () => {
    await saveTriage('conv-a', true);
    const watch = new SafetyCheckWatchAdapter(store.safetyCheckWatches, clock, 10);
    await watch.watch(makeWatchRequest('conv-a', 'Q1'));
    clock.advance(9 * MINUTE);
    await watch.watch(makeWatchRequest('conv-a', 'Q2'));
    clock.advance(9 * MINUTE);
    expect(await worker().runOnce()).toBe(0);
    clock.advance(MINUTE);
    expect(await worker().runOnce()).toBe(1);
    expect((await store.escalations.list())[0]!.reason.summary).toBe('Q2');
  });

  it('when the escalation cannot be stored, the failure is logged and the watch is tried again after its lease', async () => {
    await saveTriage('conv-a', true);
    await store.safetyCheckWatches.arm(makeWatchRequest('conv-a'), clock.now());
    let failures = 1;
    const flaky: EscalationRequester = {
      request: async (request: EscalationRequest) => {
        if (failures-- > 0) throw new Error('injected: escalation store unavailable');
        return requester.request(request);
      },
      personAskedToStop: (conversationId) => requester.personAskedToStop(conversationId),
    };
    const logged = capturedLogger('info');
    expect(await worker(flaky, logged.logger).runOnce()).toBe(0);
    expect(logged.lines.some((line) => line.includes('SAFETY_CHECK_WENT_QUIET_ESCALATION_FAILED'))).toBe(true);
    expect(await worker(flaky).runOnce()).toBe(0);
    clock.advance(MINUTE);
    expect(await worker(flaky).runOnce()).toBe(1);
    expect(await store.escalations.list()).toHaveLength(1);
  });

  it('a worker that crashed after filing leaves one escalation: the repeat is audited, not paged again', async () => {
    await saveTriage('conv-a', true);
    await store.safetyCheckWatches.arm(makeWatchRequest('conv-a'), clock.now());
    const [claimed] = await store.safetyCheckWatches.claimDue(clock.now(), 'crashed-worker', MINUTE, 5);
    await requester.request(claimed!.request);
    // ... and the process died before completing the watch.
    clock.advance(MINUTE);
    expect(await worker().runOnce()).toBe(1);
    const escalations = await store.escalations.list();
    expect(escalations).toHaveLength(1);
    const audit = await store.audit.list({ escalationId: escalations[0]!.id });
    expect(audit.map((entry) => entry.action)).toContain('retriggered');
  });

  it.each([true, 'stopped'] as const)('an emergency alert still pending in the saved state (%s) is filed', async (pending) => {
    await store.state.write({ [conversationStateKey('webchat', 'conv-pending')]: { triage: { welcomed: true, actedLevel: 'emergency', emergencyAlertPending: pending }, eTag: '*' } });
    await store.safetyCheckWatches.arm({ ...makeWatchRequest('conv-pending'), level: 'emergency' }, clock.now());
    expect(await worker().runOnce()).toBe(1);
    expect((await store.escalations.list()).map((e) => e.level)).toEqual(['emergency']);
  });

  it('a watch left behind by a check that has ended (racing turns, "delete my data") is dropped, not filed', async () => {
    await saveTriage('conv-ended', false);
    await store.safetyCheckWatches.arm(makeWatchRequest('conv-ended'), clock.now());
    await store.safetyCheckWatches.arm(makeWatchRequest('conv-deleted'), clock.now());
    expect(await worker().runOnce()).toBe(0);
    expect(await store.escalations.list()).toEqual([]);
    expect(await store.safetyCheckWatches.claimDue(new Date(clock.now().getTime() + 10 * MINUTE), 'other', MINUTE, 10)).toEqual([]);
  });
});

describe('conversationStateKey', () => {
  it("is where botbuilder's ConversationState keeps a conversation", () => {
    const adapter = new TestAdapter();
    const context = new TurnContext(adapter, { type: 'message', channelId: 'sms', conversation: { id: 'sms-abc', isGroup: false, conversationType: 'personal', name: '' } });
    expect(conversationStateKey('sms', 'sms-abc')).toBe(new ConversationState(new MemoryStorage()).getStorageKey(context));
  });
});
