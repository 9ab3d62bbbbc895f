import type { EscalationRequest } from './escalation-requester';

/**
 * Keeps watch over a safety check in progress. While watched, the request is filed for the person if they go quiet
 * for the service's configured time; each new watch for the conversation replaces the last, so every reply restarts it.
 * Both resolve once the change is durable.
 */
export interface SafetyCheckWatch {
  watch(request: EscalationRequest): Promise<void>;
  stopWatching(conversationId: string): Promise<void>;
}
