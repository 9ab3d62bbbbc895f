import type { EscalationRequest } from '../../../dialogs/ports/escalation-requester';
import type { DueSafetyCheckWatch } from '../safety-check-watch-store';

/** A watch as both adapters keep it: times in epoch milliseconds, the request as JSON text. */
export interface StoredSafetyCheckWatch {
  conversationId: string;
  dueMs: number;
  armId: string;
  leaseOwner: string | null;
  leaseUntilMs: number | null;
  requestJson: string;
}

export function watchFromStored(stored: StoredSafetyCheckWatch): DueSafetyCheckWatch {
  return {
    conversationId: stored.conversationId,
    dueAt: new Date(stored.dueMs).toISOString(),
    armId: stored.armId,
    request: JSON.parse(stored.requestJson) as EscalationRequest,
    leaseOwner: stored.leaseOwner,
    leaseUntil: stored.leaseUntilMs === null ? null : new Date(stored.leaseUntilMs).toISOString(),
  };
}
