import type { Model } from 'mongoose';
import {
  OPEN_ESCALATION_STATES,
  type AttemptStatus,
  type EscalationRecord,
  type NotificationAttempt,
  type NotificationChannel,
} from '../../../escalation/escalation-record';
import {
  DuplicateReferenceError,
  type EscalationPatch,
  type EscalationQuery,
  type EscalationStore,
} from '../../../escalation/ports/escalation-store';
import { applyEscalationPatch, isOpenState, validateClaimArguments, withLease } from '../shared/escalation-patch';
import { isoToMs, optionalIsoToMs } from '../shared/iso-time';
import { isDuplicateKeyError } from './mongo-errors';
import { OPEN_REFERENCE_INDEX, type AttemptDoc, type EscalationDoc } from './mongo-models';

type AttemptPatch = Partial<Pick<NotificationAttempt, 'status' | 'providerSid' | 'error' | 'updatedAt'>>;

/** Rounds of re-querying in claimDue when rival workers took some of the candidates. */
const CLAIM_ROUNDS = 3;

/**
 * Escalations and attempts on MongoDB, using only single-document atomic writes: every change
 * is an updateOne filtered on the version the change was computed from (compare-and-set), so no
 * transactions or findOneAndUpdate are needed for the escalation records.
 */
export class MongoEscalationStore implements EscalationStore {
  constructor(
    private readonly escalations: Model<EscalationDoc>,
    private readonly attempts: Model<AttemptDoc>,
  ) {}

  async insert(record: EscalationRecord): Promise<void> {
    try {
      await this.escalations.create({ _id: record.id, ...indexedFields(record), createdAtMs: isoToMs(record.createdAt, 'createdAt') });
    } catch (error) {
      throw translateReferenceConflict(error, record.reference);
    }
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    return parse(await this.escalations.findById(id).lean<EscalationDoc>());
  }

  async findByReference(reference: string): Promise<EscalationRecord | undefined> {
    const open = await this.escalations.findOne({ openReference: reference }).lean<EscalationDoc>();
    if (open) return parse(open);
    const latest = await this.escalations
      .findOne({ reference })
      .sort({ createdAtMs: -1, _id: -1 })
      .lean<EscalationDoc>();
    return parse(latest);
  }

  /** Oldest first (createdAt), optionally filtered by state. */
  async list(query: EscalationQuery = {}): Promise<EscalationRecord[]> {
    if (query.states !== undefined && query.states.length === 0) return [];
    let cursor = this.escalations
      .find(query.states ? { state: { $in: query.states } } : {})
      .sort({ createdAtMs: 1, _id: 1 });
    if (query.limit !== undefined) {
      if (query.limit === 0) return [];
      cursor = cursor.limit(query.limit);
    }
    const docs = await cursor.lean<EscalationDoc[]>();
    return docs.map((doc) => JSON.parse(doc.record) as EscalationRecord);
  }

  async update(
    id: string,
    expectedVersion: number,
    patch: EscalationPatch,
    now: Date,
  ): Promise<EscalationRecord | undefined> {
    const current = await this.get(id);
    if (!current || current.version !== expectedVersion) return undefined;
    const next = applyEscalationPatch(current, patch, now);
    try {
      return (await this.writeIfVersion(next, expectedVersion)) ? next : undefined;
    } catch (error) {
      throw translateReferenceConflict(error, current.reference);
    }
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<EscalationRecord[]> {
    validateClaimArguments(owner, leaseMs, limit);
    const nowMs = now.getTime();
    const claimed: EscalationRecord[] = [];
    for (let round = 0; round < CLAIM_ROUNDS && claimed.length < limit; round++) {
      const candidates = await this.escalations
        .find({
          state: { $in: [...OPEN_ESCALATION_STATES] },
          nextActionAtMs: { $ne: null, $lte: nowMs },
          $or: [{ leaseUntilMs: null }, { leaseUntilMs: { $lte: nowMs } }],
        })
        .sort({ nextActionAtMs: 1, _id: 1 })
        .limit(limit - claimed.length)
        .lean<EscalationDoc[]>();
      let lost = 0;
      for (const doc of candidates) {
        const current = JSON.parse(doc.record) as EscalationRecord;
        const leased = withLease(current, owner, leaseMs, now);
        if (await this.writeIfVersion(leased, current.version)) claimed.push(leased);
        else lost += 1;
      }
      // Only look again if a rival took some candidates; otherwise nothing more is due.
      if (lost === 0) break;
    }
    return claimed;
  }

  async insertAttempt(attempt: NotificationAttempt): Promise<void> {
    const { id, ...fields } = attempt;
    await this.attempts.create({
      _id: id,
      ...fields,
      createdAtMs: isoToMs(attempt.createdAt, 'attempt createdAt'),
    });
  }

  async updateAttempt(id: string, patch: AttemptPatch): Promise<NotificationAttempt | undefined> {
    const set: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) set[key] = value;
    // findOneAndUpdate ($set on named fields) is atomic per document, so two status callbacks
    // arriving at once cannot lose each other's fields. The test engine supports it.
    const doc = await this.attempts
      .findOneAndUpdate({ _id: id }, { $set: set }, { new: true })
      .lean<AttemptDoc>();
    return doc ? attemptFromDoc(doc) : undefined;
  }

  async findAttemptByProviderSid(providerSid: string): Promise<NotificationAttempt | undefined> {
    const doc = await this.attempts.findOne({ providerSid }).sort({ createdAtMs: 1 }).lean<AttemptDoc>();
    return doc ? attemptFromDoc(doc) : undefined;
  }

  async listAttempts(escalationId: string): Promise<NotificationAttempt[]> {
    const docs = await this.attempts.find({ escalationId }).sort({ createdAtMs: 1, _id: 1 }).lean<AttemptDoc[]>();
    return docs.map(attemptFromDoc);
  }

  private async writeIfVersion(next: EscalationRecord, expectedVersion: number): Promise<boolean> {
    const { openReference, ...fields } = indexedFields(next);
    const update: Record<string, unknown> =
      openReference === undefined
        ? { $set: fields, $unset: { openReference: '' } }
        : { $set: { ...fields, openReference } };
    const result = await this.escalations.updateOne({ _id: next.id, version: expectedVersion }, update);
    return result.modifiedCount === 1;
  }
}

function indexedFields(record: EscalationRecord): Omit<EscalationDoc, '_id' | 'createdAtMs'> {
  const fields: Omit<EscalationDoc, '_id' | 'createdAtMs'> = {
    reference: record.reference,
    state: record.state,
    level: record.level,
    version: record.version,
    nextActionAtMs: optionalIsoToMs(record.nextActionAt, 'nextActionAt'),
    leaseOwner: record.leaseOwner,
    leaseUntilMs: optionalIsoToMs(record.leaseUntil, 'leaseUntil'),
    record: JSON.stringify(record),
  };
  if (isOpenState(record.state)) fields.openReference = record.reference;
  return fields;
}

function parse(doc: EscalationDoc | null): EscalationRecord | undefined {
  return doc ? (JSON.parse(doc.record) as EscalationRecord) : undefined;
}

function attemptFromDoc(doc: AttemptDoc): NotificationAttempt {
  const attempt: NotificationAttempt = {
    id: doc._id,
    escalationId: doc.escalationId,
    step: doc.step,
    cycle: doc.cycle,
    channel: doc.channel as NotificationChannel,
    targetLabel: doc.targetLabel,
    to: doc.to,
    status: doc.status as AttemptStatus,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
  if (doc.providerSid != null) attempt.providerSid = doc.providerSid;
  if (doc.error != null) attempt.error = doc.error;
  return attempt;
}

function translateReferenceConflict(error: unknown, reference: string): unknown {
  if (isDuplicateKeyError(error, { name: OPEN_REFERENCE_INDEX, field: 'openReference' })) {
    return new DuplicateReferenceError(reference);
  }
  return error;
}
