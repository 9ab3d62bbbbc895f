import type { EscalationRequest } from './escalation-requester';

/**
 * Keeps watch over a safety check in progress. While watched, the request is filed for the person if they go quiet
 * for the service's configured time; each new watch for the conversation replaces the last, so every reply restarts it.
 * Both resolve once the change is durable.
 */
export interface SafetyCheckWatch {
  /** `dueNow`: the check's own escalation failed, so file it at once rather than after the quiet time. */
  watch(request: EscalationRequest, options?: { dueNow?: boolean }): Promise<void>;
  stopWatching(conversationId: string): Promise<void>;
}
