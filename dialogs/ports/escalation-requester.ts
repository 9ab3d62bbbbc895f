import type { ConversationReference } from 'botbuilder';
import type { AsqOutcome } from '../safety-check/asq-scoring';

export type EscalationRequestLevel = 'emergency' | 'urgent' | 'callback';

export interface EscalationReason {
  riskRules: string[];
  categories: string[];
  rulesVersion: string;
  asqOutcome?: AsqOutcome;
  /** Whose risk: the person's own (the default) or someone they told us about. */
  subject?: 'self' | 'other';
  /** One alert retried after a failure (in a turn, a later turn, by the worker): the service stores it once. */
  alertKey?: string;
  /** Short, structured summary for the clinician; never the person's free text. */
  summary: string;
}

export interface EscalationContact {
  channel: string;
  conversationId: string;
  /** E.164, validated as a UK number. */
  phone?: string;
  preferredTime?: string;
  consentToContact: boolean;
}

export interface EscalationRequest {
  level: EscalationRequestLevel;
  reason: EscalationReason;
  contact: EscalationContact;
  /** How the person can be messaged later (e.g. "a clinician accepted your alert"); absent when they asked us to stop. */
  conversationReference?: Partial<ConversationReference>;
  /** They asked us to stop: an open escalation for this conversation must stop messaging them too. */
  personAskedToStop?: true;
}

export interface EscalationReceipt {
  reference: string;
  stored: true;
  /** False when an open escalation for this conversation already covered the request (it was added to that one). */
  created: boolean;
  /** The stored escalation holds a phone number for the person (an emergency keeps it even after "stop"). */
  keepsPhone: boolean;
  /**
   * True when the on-call team is being paged now; false when the escalation is only recorded (no pager is
   * configured), so the person is told to call rather than wait.
   */
  teamPaged: boolean;
}

/**
 * Hands a request to the escalation service. Resolves only once the request is durably stored;
 * rejects when it could not be stored. The bot never promises contact before it resolves.
 */
export interface EscalationRequester {
  request(request: EscalationRequest): Promise<EscalationReceipt>;
  /**
   * The person asked us to stop: no open escalation of the conversation may message them again, and a phone given
   * only with consent is withdrawn. Resolves with whether the team still holds a phone number (an emergency keeps it).
   */
  personAskedToStop(conversationId: string): Promise<{ keepsPhone: boolean }>;
}
