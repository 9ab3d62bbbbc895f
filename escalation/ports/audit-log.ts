import type { AuditEntry } from '../escalation-record';

/** Append-only: there is no update or delete, by design (safety audit trail). */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  list(filter: { escalationId?: string; conversationId?: string; limit?: number }): Promise<AuditEntry[]>;
}
