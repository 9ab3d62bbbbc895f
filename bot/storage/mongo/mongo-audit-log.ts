import { Types, type Model } from 'mongoose';
import type { AuditEntry, EscalationState } from '../../../escalation/escalation-record';
import type { AuditLog } from '../../../escalation/ports/audit-log';
import { isoToMs } from '../shared/iso-time';
import { isDuplicateKeyError } from './mongo-errors';
import type { AuditDoc } from './mongo-models';

/**
 * Insert-only: this class never updates or deletes. list() returns entries oldest first; with
 * a limit, the most recent `limit` entries, still oldest first. Re-appending a stored id is a no-op.
 */
export class MongoAuditLog implements AuditLog {
  constructor(private readonly model: Model<AuditDoc>) {}

  async append(entry: AuditEntry): Promise<void> {
    try {
      await this.model.create(toDoc(entry));
    } catch (error) {
      if (!isDuplicateKeyError(error, { name: '_id_', field: '_id' })) throw error;
    }
  }

  async list(filter: { escalationId?: string; conversationId?: string; limit?: number }): Promise<AuditEntry[]> {
    const query: Record<string, string> = {};
    if (filter.escalationId !== undefined) query.escalationId = filter.escalationId;
    if (filter.conversationId !== undefined) query.conversationId = filter.conversationId;
    let cursor = this.model.find(query).sort({ atMs: -1, seq: -1 });
    if (filter.limit !== undefined) {
      if (!Number.isInteger(filter.limit) || filter.limit < 0) {
        throw new Error(`audit list limit must be a non-negative integer, got ${filter.limit}`);
      }
      if (filter.limit === 0) return [];
      cursor = cursor.limit(filter.limit);
    }
    const docs = await cursor.lean<AuditDoc[]>();
    return docs.map(fromDoc).reverse();
  }
}

function toDoc(entry: AuditEntry): AuditDoc {
  const doc: AuditDoc = {
    _id: entry.id,
    at: entry.at,
    atMs: isoToMs(entry.at, 'audit entry at'),
    seq: new Types.ObjectId(),
    actor: entry.actor,
    source: entry.source,
    action: entry.action,
  };
  if (entry.escalationId !== undefined) doc.escalationId = entry.escalationId;
  if (entry.conversationId !== undefined) doc.conversationId = entry.conversationId;
  if (entry.fromState !== undefined) doc.fromState = entry.fromState;
  if (entry.toState !== undefined) doc.toState = entry.toState;
  if (entry.reason !== undefined) doc.reason = entry.reason;
  if (entry.details !== undefined) doc.details = JSON.stringify(entry.details);
  return doc;
}

function fromDoc(doc: AuditDoc): AuditEntry {
  const entry: AuditEntry = { id: doc._id, at: doc.at, actor: doc.actor, source: doc.source, action: doc.action };
  if (doc.escalationId != null) entry.escalationId = doc.escalationId;
  if (doc.conversationId != null) entry.conversationId = doc.conversationId;
  if (doc.fromState != null) entry.fromState = doc.fromState as EscalationState;
  if (doc.toState != null) entry.toState = doc.toState as EscalationState;
  if (doc.reason != null) entry.reason = doc.reason;
  if (doc.details != null) entry.details = JSON.parse(doc.details) as Record<string, unknown>;
  return entry;
}
