import type { EscalationRequest } from '../../dialogs/ports/escalation-requester';

/**
 * A safety check in progress. If the person says nothing more before `dueAt`, `request` is filed as an
 * escalation: someone who disclosed risk and then went quiet is not forgotten.
 */
export interface DueSafetyCheckWatch {
  conversationId: string;
  dueAt: string;
  /** New on every arm, so a worker that claimed an older arming cannot remove a newer one. */
  armId: string;
  /** The escalation to file, built on the person's latest turn. */
  request: EscalationRequest;
  leaseOwner: string | null;
  leaseUntil: string | null;
}

/** At most one watch per conversation. Every method is atomic on its own, across processes. */
export interface SafetyCheckWatchStore {
  /** Creates or replaces this conversation's watch: new due time, new armId, no lease. Returns the armId. */
  arm(request: EscalationRequest, dueAt: Date): Promise<string>;
  /** Removes this conversation's watch, if any. */
  disarm(conversationId: string): Promise<void>;
  /** Leases up to `limit` watches due by `now` whose lease is free or expired, oldest due first. */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<DueSafetyCheckWatch[]>;
  /**
   * Removes the watch if it is still the arming that was claimed. Returns false when the person wrote again
   * meanwhile (the watch was re-armed or disarmed), so the newer arming stays.
   */
  complete(conversationId: string, armId: string): Promise<boolean>;
}
