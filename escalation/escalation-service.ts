import { randomUUID } from 'crypto';
import type { Logger } from 'pino';
import type { Clock } from '../config/clock';
import type { ServiceConfig } from '../config/service-schema';
import { auditEscalation } from './escalation-audit';
import {
  OPEN_ESCALATION_STATES,
  type AttemptStatus,
  type EscalationLevel,
  type EscalationReason,
  type EscalationRecord,
  type NotificationAttempt,
  type PersonContact,
} from './escalation-record';
import { personIdForPhone } from './policy/policy-cursor';
import { createPolicySnapshot, readPolicySnapshot, snapshotAsRecord } from './policy/policy-snapshot';
import type { AuditLog } from './ports/audit-log';
import { DuplicateReferenceError, type EscalationPatch, type EscalationStore } from './ports/escalation-store';
import { ReferenceCodeGenerator } from './reference-code';
import type { WorkerWakeUp } from './worker-wake-up';

export type PolicyConfig = Pick<ServiceConfig, 'service' | 'people' | 'rotas' | 'escalation'>;

export interface EscalationServiceDeps {
  store: EscalationStore;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** The configuration in force now. Read once per start(); a reload affects only later escalations. */
  currentConfig: () => PolicyConfig;
  wakeUp: WorkerWakeUp;
  /** ESCALATION_ACK_TIMEOUT_SECONDS (parsed), applied to every step of new escalations. */
  ackTimeoutOverrideSeconds?: number;
  references?: ReferenceCodeGenerator;
}

export interface StartEscalationInput {
  level: EscalationLevel;
  reason: EscalationReason;
  contact: PersonContact;
  conversationReference?: Record<string, unknown>;
  /**
   * The person asked us to stop. If an open escalation already covers this one, it loses its conversation
   * reference, so they are not messaged again.
   */
  personAskedToStop?: boolean;
  /** Default "system" / "risk-screen". */
  actor?: string;
  source?: string;
}

export interface StartEscalationResult {
  escalation: EscalationRecord;
  /** False when this conversation already had an open escalation at this level or higher. */
  created: boolean;
}

export type AcknowledgeResult =
  | { status: 'acknowledged'; escalation: EscalationRecord; late: boolean }
  | { status: 'already-acknowledged'; escalation: EscalationRecord }
  | { status: 'closed'; escalation: EscalationRecord }
  | { status: 'not-found' };

export type ResolveResult =
  | { status: 'resolved'; escalation: EscalationRecord }
  | { status: 'already-closed'; escalation: EscalationRecord }
  | { status: 'not-found' };

const LEVEL_RANK: Record<EscalationLevel, number> = { callback: 0, urgent: 1, emergency: 2 };
const MAX_REFERENCE_TRIES = 40;
const MAX_CAS_TRIES = 10;

/** Provider statuses that end an attempt without reaching anyone. */
export const FAILED_ATTEMPT_STATUSES: readonly AttemptStatus[] = ['failed', 'undelivered', 'undeliverable'];
/** Progress order, so an out-of-order callback ("sent" after "delivered") never moves a status backwards. */
const STATUS_RANK: Record<AttemptStatus, number> = {
  pending: 0, queued: 1, sent: 2, delivered: 3, answered: 3, failed: 4, undelivered: 4, undeliverable: 4,
};

/**
 * Starts, acknowledges and resolves escalations. Every change is a compare-and-set on the stored
 * record and is audited; paging itself is the worker's job (this service only makes work due and
 * kicks the worker).
 */
export class EscalationService {
  private readonly references: ReferenceCodeGenerator;

  constructor(private readonly deps: EscalationServiceDeps) {
    this.references = deps.references ?? new ReferenceCodeGenerator();
  }

  /**
   * Stores a new escalation with a snapshot of the policy and rotas, due immediately, then kicks the
   * worker. Resolves only once the record is durably written: only then may the bot tell the
   * person the team has been alerted.
   */
  async start(input: StartEscalationInput): Promise<StartEscalationResult> {
    const { store, clock, logger } = this.deps;
    const already = input.reason.alertKey ? await this.findByAlertKey(input.contact.conversationId, input.reason.alertKey) : undefined;
    if (already) {
      // A retry of an alert already stored (by another turn or the worker), whatever its state now: never paged twice.
      await auditEscalation(this.deps.audit, already, clock.now(), {
        actor: input.actor ?? 'system',
        source: input.source ?? 'risk-screen',
        action: 'retriggered',
        reason: `retry of an alert already stored as ${already.reference}`,
      });
      return { escalation: already, created: false };
    }
    const existing = await this.findOpenForConversation(input.contact.conversationId);
    // Risk to someone else never covers the person's own (nor the reverse): each is paged and followed up on its own.
    // A new emergency is paged even if an earlier escalation was accepted: that clinician may not know about it.
    const covering = existing.find(
      (e) =>
        LEVEL_RANK[e.level] >= LEVEL_RANK[input.level] &&
        subjectOf(e.reason) === subjectOf(input.reason) &&
        !(input.level === 'emergency' && e.state === 'acknowledged'),
    );
    if (covering) {
      await auditEscalation(this.deps.audit, covering, clock.now(), {
        actor: input.actor ?? 'system',
        source: input.source ?? 'risk-screen',
        action: 'retriggered',
        reason: `new ${input.level} trigger while ${covering.level} escalation ${covering.reference} is open`,
        details: { riskRules: input.reason.riskRules },
      });
      return { escalation: await this.foldInto(covering, input), created: false };
    }

    const now = clock.now();
    const snapshot = createPolicySnapshot(this.deps.currentConfig(), input.level, now, this.deps.ackTimeoutOverrideSeconds);
    const base: Omit<EscalationRecord, 'reference'> = {
      id: randomUUID(),
      level: input.level,
      state: 'open',
      reason: input.reason,
      contact: input.contact,
      ...(input.conversationReference ? { conversationReference: input.conversationReference } : {}),
      policySnapshot: snapshotAsRecord(snapshot),
      currentStep: 0,
      cycle: 0,
      nextActionAt: now.toISOString(),
      leaseOwner: null,
      leaseUntil: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };

    let record: EscalationRecord | undefined;
    for (let attempt = 0; attempt < MAX_REFERENCE_TRIES && !record; attempt++) {
      const candidate: EscalationRecord = { ...base, reference: this.references.next(attempt) };
      try {
        await store.insert(candidate);
        record = candidate;
      } catch (error) {
        if (!(error instanceof DuplicateReferenceError)) throw error;
      }
    }
    if (!record) throw new Error(`could not allocate a free escalation reference after ${MAX_REFERENCE_TRIES} tries`);
    // The record is durable: wake the worker before anything else so the first page goes out at once.
    this.kick();

    await auditEscalation(this.deps.audit, record, now, {
      actor: input.actor ?? 'system',
      source: input.source ?? 'risk-screen',
      action: 'created',
      toState: 'open',
      reason: input.reason.summary,
      details: {
        level: record.level,
        reference: record.reference,
        riskRules: input.reason.riskRules,
        asqOutcome: input.reason.asqOutcome,
        steps: snapshot.steps.length,
        onCallAtStart: snapshot.steps[0].targets.map((t) => (t.kind === 'rota' ? t.onCallAtStart : t.kind === 'person' ? t.personId : t.label)),
        ackTimeoutOverrideSeconds: snapshot.ackTimeoutOverrideSeconds,
      },
    });
    logger.info({ escalationId: record.id, reference: record.reference, level: record.level }, 'escalation stored');
    return { escalation: record, created: true };
  }

  /**
   * A later request for a conversation whose open escalation already covers it may still carry what the person
   * agreed to since: a phone number to call, their finished safety-check answers, or a request to stop messaging
   * them. The open escalation takes these on (compare-and-set, audited as `updated`) before the person is told
   * anything, so "the team will call you on ..." is only said once the number is stored with the escalation.
   */
  private async foldInto(covering: EscalationRecord, input: StartEscalationInput): Promise<EscalationRecord> {
    let record = covering;
    for (let attempt = 0; attempt < MAX_CAS_TRIES; attempt++) {
      const { patch, changes } = newsFor(record, input);
      if (changes.length === 0) return record;
      const now = this.deps.clock.now();
      const updated = await this.deps.store.update(record.id, record.version, patch, now);
      if (updated) {
        await auditEscalation(this.deps.audit, updated, now, {
          actor: input.actor ?? 'system',
          source: input.source ?? 'risk-screen',
          action: 'updated',
          reason: changes.join('; '),
          details: { previousSummary: record.reason.summary, asqOutcome: input.reason.asqOutcome },
        });
        return updated;
      }
      const current = await this.deps.store.get(record.id);
      if (!current) throw new Error(`escalation ${record.reference} disappeared while adding to it`);
      record = current;
    }
    throw new Error(`escalation ${record.reference} kept changing while adding to it; try again`);
  }

  /**
   * The person asked us to stop: every open escalation of their conversation loses its conversation reference (no
   * more messages), and a phone given for an urgent call or call back is withdrawn; an emergency keeps it, on vital
   * interests. Returns whether any open escalation still holds a phone number, so the person can be told the truth.
   */
  async personAskedToStop(conversationId: string): Promise<{ keepsPhone: boolean }> {
    let keepsPhone = false;
    // Expired ones too: a late acceptance of an expired escalation would otherwise message the person.
    const reachable = await this.deps.store.list({ states: [...OPEN_ESCALATION_STATES, 'expired'] });
    for (const open of reachable.filter((e) => e.contact.conversationId === conversationId)) {
      const stop: StartEscalationInput = {
        level: open.level,
        reason: { riskRules: [], categories: [], summary: open.reason.summary, ...(open.reason.subject ? { subject: open.reason.subject } : {}) },
        contact: { channel: open.contact.channel, conversationId, consentToContact: false },
        personAskedToStop: true,
        actor: 'person',
        source: 'conversation',
      };
      const updated = await this.foldInto(open, stop);
      if (updated.contact.phone !== undefined) keepsPhone = true;
    }
    return { keepsPhone };
  }

  /** Wakes the worker now rather than at its next poll. */
  kick(): void {
    this.deps.wakeUp.kick();
  }

  async findByReference(reference: string): Promise<EscalationRecord | undefined> {
    return this.deps.store.findByReference(reference.trim());
  }

  private async findByAlertKey(conversationId: string, alertKey: string): Promise<EscalationRecord | undefined> {
    const all = await this.deps.store.list({ states: ['open', 'paging', 'acknowledged', 'resolved', 'expired'] });
    return all.find((e) => e.contact.conversationId === conversationId && e.reason.alertKey === alertKey);
  }

  async findOpenForConversation(conversationId: string): Promise<EscalationRecord[]> {
    const open = await this.deps.store.list({ states: [...OPEN_ESCALATION_STATES] });
    return open.filter((e) => e.contact.conversationId === conversationId);
  }

  /**
   * A clinician (or operator) accepts. Stops paging; the worker then tells the person.
   * Also accepts a late reply to an escalation that had already expired after its fallback,
   * unless its reference now belongs to another open escalation.
   */
  async acknowledge(reference: string, actor: string, source: string): Promise<AcknowledgeResult> {
    for (let attempt = 0; attempt < MAX_CAS_TRIES; attempt++) {
      const record = await this.findByReference(reference);
      if (!record) return { status: 'not-found' };
      if (record.state === 'acknowledged') return { status: 'already-acknowledged', escalation: record };
      if (record.state === 'resolved') return { status: 'closed', escalation: record };
      const now = this.deps.clock.now();
      let updated: EscalationRecord | undefined;
      try {
        updated = await this.deps.store.update(
          record.id,
          record.version,
          { state: 'acknowledged', acknowledgedBy: actor, acknowledgedAt: now.toISOString(), nextActionAt: now.toISOString() },
          now,
        );
      } catch (error) {
        if (error instanceof DuplicateReferenceError) return { status: 'closed', escalation: record };
        throw error;
      }
      if (!updated) continue;
      const late = record.state === 'expired';
      await auditEscalation(this.deps.audit, updated, now, {
        actor,
        source,
        action: late ? 'acknowledged-late' : 'acknowledged',
        fromState: record.state,
        toState: 'acknowledged',
        details: { step: record.currentStep, cycle: record.cycle },
      });
      this.deps.logger.info({ escalationId: updated.id, reference: updated.reference, actor, source }, 'escalation acknowledged');
      this.kick();
      return { status: 'acknowledged', escalation: updated, late };
    }
    throw new Error(`escalation ${reference} kept changing while acknowledging; try again`);
  }

  /** Closes an escalation with an outcome (operator CLI, dashboard). */
  async resolve(reference: string, outcome: string, actor: string, source = 'cli'): Promise<ResolveResult> {
    const text = outcome.trim();
    if (!text) throw new Error('an outcome is required to resolve an escalation');
    for (let attempt = 0; attempt < MAX_CAS_TRIES; attempt++) {
      const record = await this.findByReference(reference);
      if (!record) return { status: 'not-found' };
      if (record.state === 'resolved') return { status: 'already-closed', escalation: record };
      const now = this.deps.clock.now();
      const updated = await this.deps.store.update(
        record.id,
        record.version,
        { state: 'resolved', resolvedAt: now.toISOString(), outcome: text, nextActionAt: null, leaseOwner: null, leaseUntil: null },
        now,
      );
      if (!updated) continue;
      await auditEscalation(this.deps.audit, updated, now, {
        actor, source, action: 'resolved', fromState: record.state, toState: 'resolved', reason: text,
      });
      return { status: 'resolved', escalation: updated };
    }
    throw new Error(`escalation ${reference} kept changing while resolving; try again`);
  }

  /** The actor string for whoever holds a phone number in this escalation's snapshot. */
  clinicianActor(escalation: EscalationRecord, phone: string): string {
    const personId = personIdForPhone(readPolicySnapshot(escalation.policySnapshot), phone);
    return `clinician:${personId ?? phone}`;
  }

  /**
   * Applies a provider status callback to an attempt. A failed page (undelivered SMS, unanswered or
   * busy call) makes the escalation due now, so the worker moves on if nothing else can still be
   * acknowledged. Returns the updated attempt, or undefined for an unknown SID.
   */
  async recordDeliveryStatus(providerSid: string, status: AttemptStatus, error?: string): Promise<NotificationAttempt | undefined> {
    const { store, clock } = this.deps;
    const attempt = await store.findAttemptByProviderSid(providerSid);
    if (!attempt) return undefined;
    if (STATUS_RANK[status] < STATUS_RANK[attempt.status]) return attempt;
    const now = clock.now();
    const updated = await store.updateAttempt(attempt.id, { status, updatedAt: now.toISOString(), ...(error ? { error } : {}) });
    const escalation = await store.get(attempt.escalationId);
    if (!updated || !escalation) return updated;
    await auditEscalation(this.deps.audit, escalation, now, {
      actor: 'provider',
      source: 'twilio-status',
      action: FAILED_ATTEMPT_STATUSES.includes(status) ? 'page-failed' : 'page-status',
      details: { attemptId: attempt.id, channel: attempt.channel, to: attempt.to, providerSid, status, error },
    });
    if (FAILED_ATTEMPT_STATUSES.includes(status) && (escalation.state === 'paging' || escalation.state === 'open')) {
      await this.makeDueNow(escalation.id);
    }
    return updated;
  }

  private async makeDueNow(id: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_CAS_TRIES; attempt++) {
      const record = await this.deps.store.get(id);
      if (!record || (record.state !== 'paging' && record.state !== 'open')) return;
      const now = this.deps.clock.now();
      if (record.nextActionAt && new Date(record.nextActionAt) <= now) break;
      if (await this.deps.store.update(id, record.version, { nextActionAt: now.toISOString() }, now)) break;
    }
    this.kick();
  }
}

/** What a later request adds to an open escalation that covers it, as a patch and in words for the audit. */
function newsFor(record: EscalationRecord, input: StartEscalationInput): { patch: EscalationPatch; changes: string[] } {
  const patch: EscalationPatch = {};
  const changes: string[] = [];
  const { phone, preferredTime, consentToContact } = input.contact;
  if (phone && consentToContact && (record.contact.phone !== phone || !record.contact.consentToContact)) {
    patch.contact = { ...record.contact, phone, ...(preferredTime ? { preferredTime } : {}), consentToContact: true };
    changes.push('phone number added with consent');
  }
  const newRules = input.reason.riskRules.filter((rule) => !record.reason.riskRules.includes(rule));
  if (input.reason.asqOutcome === undefined && newRules.length > 0) {
    patch.reason = {
      ...record.reason,
      riskRules: [...record.reason.riskRules, ...newRules],
      categories: [...new Set([...record.reason.categories, ...input.reason.categories])],
    };
    changes.push(`risk rules added: ${newRules.join(', ')}`);
  }
  if (input.reason.asqOutcome !== undefined && !record.reason.summary.split('; then: ').includes(input.reason.summary)) {
    // Added to, never replaced: what the clinician was paged with stays, and an outcome is never lowered.
    patch.reason = {
      ...record.reason,
      riskRules: [...new Set([...record.reason.riskRules, ...input.reason.riskRules])],
      categories: [...new Set([...record.reason.categories, ...input.reason.categories])],
      asqOutcome: higherAsqOutcome(record.reason.asqOutcome, input.reason.asqOutcome),
      summary: `${record.reason.summary}; then: ${input.reason.summary}`,
    };
    changes.push('safety-check answers added');
  }
  if (input.personAskedToStop && record.conversationReference) {
    patch.conversationReference = null;
    changes.push('the person asked to stop: no more messages to them');
  }
  // "stop" withdraws consent to be called; an emergency keeps the number, on vital interests (and the person is told).
  if (input.personAskedToStop && record.level !== 'emergency' && record.contact.phone !== undefined) {
    const { phone: _withdrawn, preferredTime: _when, ...rest } = record.contact;
    patch.contact = { ...rest, consentToContact: false };
    changes.push('the person asked to stop: phone number withdrawn');
  }
  return { patch, changes };
}

function subjectOf(reason: EscalationReason): 'self' | 'other' {
  return reason.subject ?? 'self';
}

const ASQ_OUTCOME_RANK: Record<string, number> = { negative: 0, 'non-acute-positive': 1, 'acute-positive': 2 };

function higherAsqOutcome(stored: string | undefined, added: string): string {
  if (stored === undefined) return added;
  return (ASQ_OUTCOME_RANK[added] ?? 0) > (ASQ_OUTCOME_RANK[stored] ?? 0) ? added : stored;
}
