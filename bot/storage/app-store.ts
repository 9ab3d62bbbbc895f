import type { Storage } from 'botbuilder';
import type { AuditLog } from '../../escalation/ports/audit-log';
import type { EscalationStore } from '../../escalation/ports/escalation-store';
import type { IdempotencyStore } from '../../escalation/ports/idempotency-store';
import type { TranscriptStore } from './transcript-store';

/** Everything the bot persists, behind one handle per adapter (SQLite or MongoDB). */
export interface AppStore {
  readonly kind: 'sqlite' | 'mongodb';
  /** Bot Framework conversation/user state, with eTag concurrency. */
  readonly state: Storage;
  readonly transcripts: TranscriptStore;
  readonly escalations: EscalationStore;
  readonly audit: AuditLog;
  readonly idempotency: IdempotencyStore;
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
