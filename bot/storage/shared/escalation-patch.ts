import {
  OPEN_ESCALATION_STATES,
  type EscalationRecord,
  type EscalationState,
} from '../../../escalation/escalation-record';
import type { EscalationPatch } from '../../../escalation/ports/escalation-store';

/**
 * Applies a patch the way every adapter must: keys whose value is `undefined` leave the field
 * unchanged (use null to clear nullable fields; null removes the conversation reference), and every
 * change bumps version and updatedAt.
 */
export function applyEscalationPatch(record: EscalationRecord, patch: EscalationPatch, now: Date): EscalationRecord {
  const next: EscalationRecord = { ...record };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) {
      (next as unknown as Record<string, unknown>)[key] = value;
    }
  }
  // The one optional field a patch can remove (the record type has no null for it).
  if (patch.conversationReference === null) delete next.conversationReference;
  next.id = record.id;
  next.reference = record.reference;
  next.createdAt = record.createdAt;
  next.version = record.version + 1;
  next.updatedAt = now.toISOString();
  return next;
}

export function withLease(record: EscalationRecord, owner: string, leaseMs: number, now: Date): EscalationRecord {
  return applyEscalationPatch(
    record,
    { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() },
    now,
  );
}

export function isOpenState(state: EscalationState): boolean {
  return OPEN_ESCALATION_STATES.includes(state);
}

export function validateClaimArguments(owner: string, leaseMs: number, limit: number): void {
  if (!owner) throw new Error('claimDue: owner is required');
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new Error(`claimDue: leaseMs must be > 0, got ${leaseMs}`);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`claimDue: limit must be a non-negative integer, got ${limit}`);
}
