/**
 * The durable escalation model. Deliberately flat: attempts and audit entries live in
 * their own append-only tables/collections, so no adapter needs array-push operators.
 */
export type EscalationLevel = 'emergency' | 'urgent' | 'callback';
export type EscalationState = 'open' | 'paging' | 'acknowledged' | 'resolved' | 'expired';
export const OPEN_ESCALATION_STATES: readonly EscalationState[] = ['open', 'paging', 'acknowledged'];

/** How the person may be contacted: only what they consented to. */
export interface PersonContact {
  channel: string;
  conversationId: string;
  /** E.164; present only with consent (callback requests, SMS channel). */
  phone?: string;
  preferredTime?: string;
  consentToContact: boolean;
}

export interface EscalationReason {
  /** Rule ids from the risk screen; never the message text. */
  riskRules: string[];
  categories: string[];
  rulesVersion?: string;
  asqOutcome?: string;
  /** Whose risk: the person's own (the default) or someone they told us about. Never merged with each other. */
  subject?: 'self' | 'other';
  /** One alert retried from the conversation (a turn, a later turn, the worker): stored once, whatever the retries. */
  alertKey?: string;
  /** Short, non-identifying summary for the clinician, e.g. "suicidal ideation with plan for tonight". */
  summary: string;
}

export interface EscalationRecord {
  id: string;
  /** Short code a clinician types in an SMS reply (e.g. "4821"); unique among open escalations. */
  reference: string;
  level: EscalationLevel;
  state: EscalationState;
  reason: EscalationReason;
  contact: PersonContact;
  /** Bot Framework conversation reference (opaque JSON) for proactive messages to the person. */
  conversationReference?: Record<string, unknown>;
  /** Copy of the policy and rota in force when the escalation started (opaque to the store). */
  policySnapshot: Record<string, unknown>;
  currentStep: number;
  /** How many times the whole policy has been walked again after its last step. */
  cycle: number;
  /** When the worker should next act; null when nothing is due. */
  nextActionAt: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  outcome?: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency counter, incremented on every update. */
  version: number;
}

export type NotificationChannel = 'sms' | 'voice';
export type AttemptStatus =
  | 'pending'
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'answered'
  | 'failed'
  | 'undelivered'
  | 'undeliverable';

export interface NotificationAttempt {
  id: string;
  escalationId: string;
  step: number;
  cycle: number;
  channel: NotificationChannel;
  targetLabel: string;
  /** E.164 number paged. */
  to: string;
  providerSid?: string;
  status: AttemptStatus;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  /** Who did it: "system", "worker:<id>", "clinician:<person id>", "operator:<name>", "person". */
  actor: string;
  /** Where it came from: "risk-screen", "sms-reply", "voice-keypress", "cli", "webhook", ... */
  source: string;
  action: string;
  escalationId?: string;
  conversationId?: string;
  fromState?: EscalationState;
  toState?: EscalationState;
  reason?: string;
  details?: Record<string, unknown>;
}
