import type {
  AttemptStatus,
  EscalationRecord,
  EscalationState,
  NotificationAttempt,
} from '../escalation-record';

/** Thrown by insert when the reference is already used by an open escalation. */
export class DuplicateReferenceError extends Error {
  readonly code = 'ESCALATION_REFERENCE_TAKEN';
  constructor(reference: string) {
    super(`reference ${reference} is already used by an open escalation`);
  }
}

export type EscalationPatch = Partial<
  Omit<EscalationRecord, 'id' | 'reference' | 'createdAt' | 'version' | 'conversationReference'>
> & {
  /** null removes it: the person asked not to be messaged again. */
  conversationReference?: Record<string, unknown> | null;
};

export interface EscalationQuery {
  states?: EscalationState[];
  limit?: number;
}

/**
 * Durable escalation records and their notification attempts.
 * Every method is atomic on its own; adapters must implement compare-and-set and
 * lease claims without a read-modify-write race between processes.
 */
export interface EscalationStore {
  insert(record: EscalationRecord): Promise<void>;
  get(id: string): Promise<EscalationRecord | undefined>;
  /** The open escalation with this reference, else the most recent one that had it. */
  findByReference(reference: string): Promise<EscalationRecord | undefined>;
  list(query?: EscalationQuery): Promise<EscalationRecord[]>;
  /**
   * Applies the patch only if the stored version equals expectedVersion; bumps version and updatedAt.
   * Returns the updated record, or undefined when another writer got there first.
   */
  update(id: string, expectedVersion: number, patch: EscalationPatch, now: Date): Promise<EscalationRecord | undefined>;
  /**
   * Atomically leases up to `limit` records whose nextActionAt <= now, whose state is open,
   * paging or acknowledged, and whose lease is free or expired. Each returned record carries
   * the new lease and a bumped version.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<EscalationRecord[]>;

  insertAttempt(attempt: NotificationAttempt): Promise<void>;
  updateAttempt(
    id: string,
    patch: Partial<Pick<NotificationAttempt, 'status' | 'providerSid' | 'error' | 'updatedAt'>>,
  ): Promise<NotificationAttempt | undefined>;
  findAttemptByProviderSid(providerSid: string): Promise<NotificationAttempt | undefined>;
  listAttempts(escalationId: string): Promise<NotificationAttempt[]>;
}

export type { AttemptStatus };
