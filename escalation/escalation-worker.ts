import { randomUUID } from 'crypto';
import type { Logger } from 'pino';
import type { Clock } from '../config/clock';
import {
  auditEscalation,
  countPersonTellFailures,
  isPersonTellSettled,
  PERSON_TELL_FAILED_ACTION,
  PERSON_TOLD_ACTION,
  PERSON_UNREACHABLE_ACTION,
  type TransitionAudit,
} from './escalation-audit';
import type { EscalationRecord, NotificationAttempt } from './escalation-record';
import { FAILED_ATTEMPT_STATUSES } from './escalation-service';
import { pageSmsText, type PageDetails } from './notify/page-message';
import {
  ackTimeoutSeconds,
  describeCursor,
  isFallback,
  nextCursor,
  planPages,
  type PolicyCursor,
} from './policy/policy-cursor';
import { readPolicySnapshot, type PolicySnapshot } from './policy/policy-snapshot';
import type { AuditLog } from './ports/audit-log';
import type { EscalationPatch, EscalationStore } from './ports/escalation-store';
import { NotifierError, type Notifier, type SendResult } from './ports/notifier';
import type { PersonEvent, PersonNotifier, PersonTellResult } from './ports/person-notifier';
import type { WorkerWakeUp } from './worker-wake-up';

export interface EscalationWorkerDeps {
  store: EscalationStore;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  personNotifier: PersonNotifier;
  wakeUp: WorkerWakeUp;
  /** PUBLIC_BASE_URL: dashboard links, TwiML and status callback URLs. */
  publicBaseUrl: string;
  /** Unique per process, e.g. `${hostname}:${pid}`; stored as the lease owner. */
  workerId?: string;
  options?: Partial<EscalationWorkerOptions>;
}

export interface EscalationWorkerOptions {
  pollIntervalMs: number;
  leaseMs: number;
  /** Escalations worked on at once by this worker. */
  maxConcurrent: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

const PERSON_TELL_TIMEOUT_MS = 10_000;
const MAX_PERSON_TELL_FAILURES = 5;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const DEFAULTS: EscalationWorkerOptions = { pollIntervalMs: 250, leaseMs: 30_000, maxConcurrent: 16, retryBaseMs: 500, retryMaxMs: 15_000 };
/** A record is walked through at most this many policy positions in one claim (guards against loops). */
const MAX_TRANSITIONS_PER_CLAIM = 64;

type Stop = { stop: true };
const STOP: Stop = { stop: true };

/**
 * Finds due escalation work in the store under a lease and does it: pages a step, re-pages at the
 * acknowledgement timeout by moving to the next step, pages the fallback when the policy runs out,
 * and tells the person. Every action re-reads and compare-and-sets the record, and each page is
 * recorded as a pending attempt BEFORE the provider is called, so a crash repeats at most the one
 * page in flight. Timers only wake the worker; the store is the truth.
 */
export class EscalationWorker {
  readonly id: string;
  private readonly options: EscalationWorkerOptions;
  private running = false;
  private ticking = false;
  private tickAgain = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly tellsInProgress = new Set<string>();
  /** Retryable failures per attempt id, for back-off only; losing it on restart is harmless. */
  private readonly retries = new Map<string, number>();

  constructor(private readonly deps: EscalationWorkerDeps) {
    this.id = deps.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.options = { ...DEFAULTS, ...deps.options };
  }

  private get actor(): string {
    return `worker:${this.id}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.deps.wakeUp.onKick(() => this.kick());
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.kick();
    this.deps.logger.info({ workerId: this.id }, 'escalation worker started');
  }

  /** Stops claiming new work and waits for work in progress (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    while (this.inFlight.size > 0 || this.ticking) {
      await Promise.allSettled([...this.inFlight]);
      if (this.ticking) await new Promise((resolve) => setImmediate(resolve));
    }
    this.deps.logger.info({ workerId: this.id }, 'escalation worker stopped');
  }

  kick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    void this.tick();
  }

  /** Claims and fully processes whatever is due now; for tests and drills driven by a ManualClock. */
  async runOnce(): Promise<number> {
    const claimed = await this.deps.store.claimDue(this.deps.clock.now(), this.id, this.options.leaseMs, this.options.maxConcurrent);
    await Promise.all(claimed.map((record) => this.processSafely(record)));
    return claimed.length;
  }

  /** runOnce until nothing is due. */
  async runUntilIdle(maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      if ((await this.runOnce()) === 0) return;
    }
    throw new Error(`escalation worker still had due work after ${maxRounds} rounds`);
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        const free = this.options.maxConcurrent - this.inFlight.size;
        if (free <= 0 || !this.running) break;
        const claimed = await this.deps.store.claimDue(this.deps.clock.now(), this.id, this.options.leaseMs, free);
        for (const record of claimed) {
          const work = this.processSafely(record).finally(() => {
            this.inFlight.delete(work);
            // A slot is free: pick up anything that became due meanwhile.
            this.kick();
          });
          this.inFlight.add(work);
        }
        if (claimed.length === free) this.tickAgain = true;
      } while (this.tickAgain && this.running);
    } catch (error) {
      this.deps.logger.error({ err: error, workerId: this.id }, 'escalation worker could not claim due work; retrying at next poll');
    } finally {
      this.ticking = false;
    }
  }

  private async processSafely(record: EscalationRecord): Promise<void> {
    try {
      await this.process(record);
    } catch (error) {
      // Leave the lease to expire rather than guess; record when to try again if we still can.
      this.deps.logger.error({ err: error, escalationId: record.id, reference: record.reference }, 'escalation step failed; will retry');
      const latest = await this.deps.store.get(record.id).catch(() => undefined);
      if (latest && latest.leaseOwner === this.id) {
        const now = this.deps.clock.now();
        await this.deps.store
          .update(latest.id, latest.version, { nextActionAt: new Date(now.getTime() + this.options.retryBaseMs * 4).toISOString(), leaseOwner: null, leaseUntil: null }, now)
          .catch((releaseError: unknown) => this.deps.logger.error({ err: releaseError, escalationId: record.id }, 'could not release escalation lease'));
      }
    }
  }

  private async process(claimed: EscalationRecord): Promise<void> {
    let record = claimed;
    for (let transition = 0; transition < MAX_TRANSITIONS_PER_CLAIM; transition++) {
      const outcome = await this.step(record);
      if ('stop' in outcome) return;
      record = outcome;
    }
    throw new Error(`escalation ${record.reference} made ${MAX_TRANSITIONS_PER_CLAIM} transitions in one claim`);
  }

  /** Does the next piece of work on a leased record; returns the record to continue with, or STOP. */
  private async step(record: EscalationRecord): Promise<EscalationRecord | Stop> {
    if (record.state === 'resolved' || record.state === 'expired') return this.release(record, { nextActionAt: null });
    if (record.state === 'acknowledged') {
      const told = await this.tellPersonOnce(record, 'acknowledged');
      const failures = told ? 0 : await countPersonTellFailures(this.deps.audit, record.id, 'acknowledged');
      const retryAt = new Date(this.deps.clock.now().getTime() + this.options.retryBaseMs * 4).toISOString();
      return this.release(record, { nextActionAt: told || failures >= MAX_PERSON_TELL_FAILURES ? null : retryAt });
    }

    const snapshot = readPolicySnapshot(record.policySnapshot);
    const cursor: PolicyCursor = { step: record.currentStep, cycle: record.cycle };
    let attempts = await this.attemptsFor(record, cursor);

    if (attempts.length === 0) {
      const planned = await this.planAttempts(record, snapshot, cursor);
      // Not an array: nobody to page here (already advanced), or the lease was lost.
      if (!Array.isArray(planned)) return planned;
      attempts = planned;
    }

    const deadline = new Date(earliest(attempts).getTime() + ackTimeoutSeconds(snapshot, cursor) * 1000);
    let retryAt: Date | undefined;
    // After an outage longer than the timeout, a page never tried is still sent once before moving on.
    const toSend = attempts.filter((a) => a.status === 'pending' && (this.deps.clock.now() < deadline || a.error === undefined));
    if (toSend.length > 0) {
      const fresh = await this.stillMine(record);
      if ('stop' in fresh) return STOP;
      const waiting = fresh.state === 'open' || fresh.state === 'paging';
      if (!waiting || fresh.currentStep !== cursor.step || fresh.cycle !== cursor.cycle) return fresh;
      record = fresh;
      // SMS and call go out together; each is recorded and updated on its own.
      const waits = await Promise.all(toSend.map((attempt) => this.send(record, snapshot, attempt)));
      for (const wait of waits) if (wait && (!retryAt || wait < retryAt)) retryAt = wait;
    }
    if (record.state === 'open') {
      // Marked only after the first pages went out, keeping store writes off the path to the first page.
      const paging = await this.save(record, { state: 'paging' }, { action: 'paging-started', fromState: 'open', toState: 'paging' });
      if ('stop' in paging) return STOP;
      if (paging.state !== 'paging') return paging;
      record = paging;
    }

    if (isFallback(snapshot, cursor) && !(await isPersonTellSettled(this.deps.audit, record.id, 'undeliverable'))) {
      // The policy ran out with nobody accepting. The fallback is paged first (above), so a slow or
      // failing proactive message can never hold up the page; the person is then told plainly. Someone
      // already told that no page could be sent at all ('undeliverable') has had the same advice.
      // (tellPersonOnce checks 'policy-exhausted' itself, so it is sent once.)
      this.tellInBackground(record, 'policy-exhausted');
    }
    attempts = await this.attemptsFor(record, cursor);
    if (attempts.length > 0 && attempts.every((a) => a.status === 'undeliverable')) {
      this.tellInBackground(record, 'undeliverable');
    }
    const now = this.deps.clock.now();
    const couldStillBeAcknowledged = attempts.some((a) => !FAILED_ATTEMPT_STATUSES.includes(a.status));
    if (now < deadline && couldStillBeAcknowledged) {
      const pending = attempts.some((a) => a.status === 'pending');
      const nextAt = pending && retryAt && retryAt < deadline ? retryAt : deadline;
      return this.release(record, { nextActionAt: nextAt.toISOString() });
    }

    for (const attempt of attempts.filter((a) => a.status === 'pending')) {
      await this.deps.store.updateAttempt(attempt.id, {
        status: 'failed',
        error: `gave up at the acknowledgement timeout: ${attempt.error ?? 'not sent'}`,
        updatedAt: now.toISOString(),
      });
      this.retries.delete(attempt.id);
    }
    const why = now >= deadline ? 'acknowledgement timeout' : 'every page at this step failed';
    if (isFallback(snapshot, cursor)) {
      return this.release(
        record,
        { state: 'expired', nextActionAt: null },
        { action: 'expired', fromState: record.state, toState: 'expired', reason: `fallback paged; ${why} with nobody accepting` },
      );
    }
    return this.advance(record, snapshot, cursor, why);
  }

  private async attemptsFor(record: EscalationRecord, cursor: PolicyCursor): Promise<NotificationAttempt[]> {
    const all = await this.deps.store.listAttempts(record.id);
    return all.filter((a) => a.step === cursor.step && a.cycle === cursor.cycle);
  }

  /**
   * Records every page for this position as pending before any is sent. Returns the attempts, or the
   * advanced record when nobody can be paged here (e.g. a rota with a hole).
   */
  private async planAttempts(
    record: EscalationRecord,
    snapshot: PolicySnapshot,
    cursor: PolicyCursor,
  ): Promise<NotificationAttempt[] | EscalationRecord | Stop> {
    const now = this.deps.clock.now();
    const plan = planPages(snapshot, cursor, now);
    if (plan.emptyRotas.length > 0) {
      this.deps.logger.warn({ escalationId: record.id, rotas: plan.emptyRotas }, 'nobody on call on rota');
      await auditEscalation(this.deps.audit, record, now, {
        actor: this.actor, source: 'worker', action: 'rota-empty', reason: `nobody on call: ${plan.emptyRotas.join(', ')}`,
        details: { rotas: plan.emptyRotas, position: describeCursor(snapshot, cursor) },
      });
    }
    if (plan.pages.length === 0) return this.advance(record, snapshot, cursor, 'nobody to page at this step');
    const fresh = await this.stillMine(record);
    if ('stop' in fresh) return STOP;
    const attempts: NotificationAttempt[] = plan.pages.map((page) => ({
      id: randomUUID(),
      escalationId: record.id,
      step: cursor.step,
      cycle: cursor.cycle,
      channel: page.channel,
      targetLabel: page.label,
      to: page.phone,
      status: 'pending',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
    for (const attempt of attempts) await this.deps.store.insertAttempt(attempt);
    return attempts;
  }

  /** Sends one pending attempt. Returns when to retry it after a retryable failure. */
  private async send(record: EscalationRecord, snapshot: PolicySnapshot, attempt: NotificationAttempt): Promise<Date | undefined> {
    const base = this.deps.publicBaseUrl.replace(/\/+$/, '');
    const statusCallbackUrl = `${base}/api/twilio/status`;
    const details: PageDetails = {
      reference: record.reference,
      level: record.level,
      channel: record.contact.channel,
      startedAt: new Date(record.createdAt),
      timeZone: snapshot.timeZone,
      publicBaseUrl: base,
    };
    let result: SendResult;
    try {
      result =
        attempt.channel === 'sms'
          ? await this.deps.notifier.sendSms(attempt.to, pageSmsText(details), { statusCallbackUrl })
          : await this.deps.notifier.placeCall(
              attempt.to,
              { twimlUrl: `${base}/api/twilio/voice/twiml/${encodeURIComponent(attempt.id)}?escalation=${encodeURIComponent(record.id)}` },
              { statusCallbackUrl },
            );
    } catch (error) {
      const failure = error instanceof NotifierError ? error : new NotifierError(String(error), 'retryable', { cause: error });
      const now = this.deps.clock.now();
      if (failure.retryable) {
        const tries = (this.retries.get(attempt.id) ?? 0) + 1;
        this.retries.set(attempt.id, tries);
        const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (tries - 1)) * (0.5 + Math.random() / 2);
        await this.deps.store.updateAttempt(attempt.id, { error: failure.message, updatedAt: now.toISOString() });
        await auditEscalation(this.deps.audit, record, now, {
          actor: this.actor, source: 'worker', action: 'page-retry', reason: failure.message,
          details: { attemptId: attempt.id, channel: attempt.channel, to: attempt.to, tries },
        });
        this.deps.logger.warn({ escalationId: record.id, attemptId: attempt.id, tries, err: failure.message }, 'page failed; will retry');
        return new Date(now.getTime() + delay);
      }
      await this.deps.store.updateAttempt(attempt.id, { status: 'failed', error: failure.message, updatedAt: now.toISOString() });
      this.retries.delete(attempt.id);
      await auditEscalation(this.deps.audit, record, now, {
        actor: this.actor, source: 'worker', action: 'page-failed', reason: failure.message,
        details: { attemptId: attempt.id, channel: attempt.channel, to: attempt.to },
      });
      return undefined;
    }
    const now = this.deps.clock.now();
    this.retries.delete(attempt.id);
    if (result.outcome === 'undeliverable') {
      await this.deps.store.updateAttempt(attempt.id, { status: 'undeliverable', error: result.reason, updatedAt: now.toISOString() });
      await auditEscalation(this.deps.audit, record, now, {
        actor: this.actor, source: 'worker', action: 'page-undeliverable', reason: result.reason,
        details: { attemptId: attempt.id, channel: attempt.channel, to: attempt.to },
      });
      return undefined;
    }
    await this.deps.store.updateAttempt(attempt.id, { status: 'queued', providerSid: result.providerSid, updatedAt: now.toISOString() });
    await auditEscalation(this.deps.audit, record, now, {
      actor: this.actor, source: 'worker', action: 'page-sent',
      details: { attemptId: attempt.id, channel: attempt.channel, to: attempt.to, providerSid: result.providerSid, target: attempt.targetLabel, position: describeCursor(snapshot, { step: attempt.step, cycle: attempt.cycle }) },
    });
    return undefined;
  }

  private async advance(record: EscalationRecord, snapshot: PolicySnapshot, cursor: PolicyCursor, why: string): Promise<EscalationRecord | Stop> {
    const next = nextCursor(snapshot, cursor);
    if (!next) throw new Error(`escalation ${record.reference} has no position after ${describeCursor(snapshot, cursor)}`);
    return this.save(
      record,
      { currentStep: next.step, cycle: next.cycle, nextActionAt: this.deps.clock.now().toISOString(), ...(record.state === 'open' ? { state: 'paging' as const } : {}) },
      {
        action: 'escalated',
        fromState: record.state,
        toState: 'paging',
        reason: `${why} at ${describeCursor(snapshot, cursor)}`,
        details: { from: describeCursor(snapshot, cursor), to: describeCursor(snapshot, next) },
      },
    );
  }

  /**
   * Tells the person once per event. A failure never holds up paging: it is audited and the tell is
   * tried again at the escalation's next step (or, after an acknowledgement, on a short retry).
   * Returns whether the person has now been told.
   */
  private async tellPersonOnce(record: EscalationRecord, event: PersonEvent): Promise<boolean> {
    if (await isPersonTellSettled(this.deps.audit, record.id, event)) return true;
    let result: PersonTellResult;
    try {
      // Telling before auditing means a crash in between repeats the message rather than losing it.
      // Bounded, so a hung connector cannot hold this escalation's next page for long.
      result = await withTimeout(this.deps.personNotifier.tell(record, event), PERSON_TELL_TIMEOUT_MS, `telling the person (${event})`);
    } catch (error) {
      this.deps.logger.warn({ err: error, code: 'PERSON_TELL_FAILED', reference: record.reference, event }, 'could not tell the person; will retry');
      await auditEscalation(this.deps.audit, record, this.deps.clock.now(), {
        actor: this.actor, source: 'worker', action: PERSON_TELL_FAILED_ACTION, reason: (error as Error).message, details: { event },
      });
      return false;
    }
    await auditEscalation(
      this.deps.audit,
      record,
      this.deps.clock.now(),
      result.delivered
        ? { actor: this.actor, source: 'worker', action: PERSON_TOLD_ACTION, details: { event } }
        : { actor: this.actor, source: 'worker', action: PERSON_UNREACHABLE_ACTION, reason: result.reason, details: { event } },
    );
    return true;
  }

  /**
   * Paging never waits for the person's message: it goes out beside the walk, tracked so stop()
   * waits for it, and is tried again at the next step if it failed (nothing is audited until it lands).
   */
  private tellInBackground(record: EscalationRecord, event: PersonEvent): void {
    const key = `${record.id}:${event}`;
    if (this.tellsInProgress.has(key)) return;
    this.tellsInProgress.add(key);
    const work: Promise<void> = this.tellPersonOnce(record, event)
      .then(() => undefined)
      .catch((error: unknown) => this.deps.logger.error({ err: error, reference: record.reference, event }, 'telling the person failed'))
      .finally(() => {
        this.tellsInProgress.delete(key);
        this.inFlight.delete(work);
      });
    this.inFlight.add(work);
  }

  /** Re-reads the record; continues only while this worker still holds the lease, renewing it when half spent. */
  private async stillMine(record: EscalationRecord): Promise<EscalationRecord | Stop> {
    const fresh = await this.deps.store.get(record.id);
    if (!fresh || fresh.leaseOwner !== this.id) return STOP;
    const now = this.deps.clock.now();
    const leaseLeftMs = fresh.leaseUntil ? new Date(fresh.leaseUntil).getTime() - now.getTime() : 0;
    if (leaseLeftMs > this.options.leaseMs / 2) return fresh;
    if (leaseLeftMs <= 0) return STOP;
    const renewed = await this.deps.store.update(fresh.id, fresh.version, { leaseUntil: new Date(now.getTime() + this.options.leaseMs).toISOString() }, now);
    return renewed ?? this.stillMine(fresh);
  }

  /**
   * Compare-and-set with audit. On a conflict (an acknowledgement, a status callback) it re-reads:
   * if this worker still holds the lease it carries on with the fresh record, else stops.
   */
  private async save(record: EscalationRecord, patch: EscalationPatch, audit?: Omit<TransitionAudit, 'actor' | 'source'>): Promise<EscalationRecord | Stop> {
    const now = this.deps.clock.now();
    const updated = await this.deps.store.update(record.id, record.version, patch, now);
    if (!updated) {
      const fresh = await this.deps.store.get(record.id);
      return fresh && fresh.leaseOwner === this.id ? fresh : STOP;
    }
    if (audit) await auditEscalation(this.deps.audit, updated, now, { actor: this.actor, source: 'worker', ...audit });
    return updated;
  }

  /** Saves the patch and gives the lease up. */
  private async release(record: EscalationRecord, patch: EscalationPatch, audit?: Omit<TransitionAudit, 'actor' | 'source'>): Promise<EscalationRecord | Stop> {
    const saved = await this.save(record, { ...patch, leaseOwner: null, leaseUntil: null }, audit);
    if ('stop' in saved) return STOP;
    // A conflict returned the fresh record still leased to us: go round again with it.
    return saved.leaseOwner === this.id ? saved : STOP;
  }
}

function earliest(attempts: NotificationAttempt[]): Date {
  return new Date(Math.min(...attempts.map((a) => new Date(a.createdAt).getTime())));
}
