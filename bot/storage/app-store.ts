import type { Storage } from 'botbuilder';
import type { AuditLog } from '../../escalation/ports/audit-log';
import type { EscalationStore } from '../../escalation/ports/escalation-store';
import type { IdempotencyStore } from '../../escalation/ports/idempotency-store';
import type { SafetyCheckWatchStore } from './safety-check-watch-store';
import type { TranscriptRetention, TranscriptStore } from './transcript-store';

/** Removes state that has outlived its purpose (e.g. idle Direct Line delivery logs holding message text). */
export interface StateHousekeeping {
  /**
   * Deletes every item whose key starts with `keyPrefix` and that has not been written for `idleForMs`,
   * measured by the store's own write times (wall clock). Returns how many were deleted.
   */
  deleteIdle(keyPrefix: string, idleForMs: number): Promise<number>;
}

/** Everything the bot persists, behind one handle per adapter (SQLite or MongoDB). */
export interface AppStore {
  readonly kind: 'sqlite' | 'mongodb';
  /** Bot Framework conversation/user state, with eTag concurrency. */
  readonly state: Storage & StateHousekeeping;
  readonly transcripts: TranscriptStore & TranscriptRetention;
  readonly escalations: EscalationStore;
  readonly audit: AuditLog;
  readonly idempotency: IdempotencyStore;
  /** Safety checks that file an escalation if the person goes quiet. */
  readonly safetyCheckWatches: SafetyCheckWatchStore;
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
