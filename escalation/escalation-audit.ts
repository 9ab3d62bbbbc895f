import { randomUUID } from 'crypto';
import type { AuditEntry, EscalationRecord, EscalationState } from './escalation-record';
import type { AuditLog } from './ports/audit-log';

export interface TransitionAudit {
  actor: string;
  source: string;
  action: string;
  fromState?: EscalationState;
  toState?: EscalationState;
  reason?: string;
  details?: Record<string, unknown>;
}

/** One audit entry about an escalation, stamped with the escalation and conversation ids. */
export async function auditEscalation(audit: AuditLog, record: EscalationRecord, at: Date, entry: TransitionAudit): Promise<void> {
  const full: AuditEntry = {
    id: randomUUID(),
    at: at.toISOString(),
    escalationId: record.id,
    conversationId: record.contact.conversationId,
    ...entry,
  };
  await audit.append(full);
}

/** The audit action recording that the person was told about an event (read back to tell them once). */
export const PERSON_TOLD_ACTION = 'person-told';
/** A transient failure; the worker tries again. */
export const PERSON_TELL_FAILED_ACTION = 'person-tell-failed';
/** No retry can help (opted out, session ended): recorded so the audit never claims the person was told. */
export const PERSON_UNREACHABLE_ACTION = 'person-unreachable';

/** The person was told about the event, or it is recorded that they cannot be: either way, not tried again. */
export async function isPersonTellSettled(audit: AuditLog, escalationId: string, event: string): Promise<boolean> {
  const entries = await audit.list({ escalationId });
  return entries.some((e) => (e.action === PERSON_TOLD_ACTION || e.action === PERSON_UNREACHABLE_ACTION) && e.details?.event === event);
}

export async function countPersonTellFailures(audit: AuditLog, escalationId: string, event: string): Promise<number> {
  const entries = await audit.list({ escalationId });
  return entries.filter((e) => e.action === PERSON_TELL_FAILED_ACTION && e.details?.event === event).length;
}
