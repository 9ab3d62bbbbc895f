import type { Database, Statement } from 'better-sqlite3';
import type { EscalationRecord, NotificationAttempt } from '../../../escalation/escalation-record';
import {
  DuplicateReferenceError,
  type EscalationPatch,
  type EscalationQuery,
  type EscalationStore,
} from '../../../escalation/ports/escalation-store';
import { applyEscalationPatch, validateClaimArguments, withLease } from '../shared/escalation-patch';
import { isoToMs, optionalIsoToMs } from '../shared/iso-time';

const OPEN_STATES_SQL = "('open', 'paging', 'acknowledged')";

type AttemptPatch = Partial<Pick<NotificationAttempt, 'status' | 'providerSid' | 'error' | 'updatedAt'>>;

interface DocRow {
  doc: string;
}

/**
 * Escalations and their notification attempts. Read-modify-write paths run inside
 * BEGIN IMMEDIATE transactions, so they hold the database write lock from the first read and
 * other connections (other processes) cannot interleave.
 */
export class SqliteEscalationStore implements EscalationStore {
  private readonly insertRecord: Statement<[string, string, string, number | null, number | null, number, number, string]>;
  private readonly selectById: Statement<[string], DocRow>;
  private readonly selectOpenByReference: Statement<[string], DocRow>;
  private readonly selectLatestByReference: Statement<[string], DocRow>;
  private readonly updateIfVersion: Statement<[string, number | null, number | null, number, string, string, number]>;
  private readonly selectDue: Statement<[number, number, number], DocRow>;
  private readonly insertAttemptRow: Statement<[string, string, string | null, number, string]>;
  private readonly selectAttempt: Statement<[string], DocRow>;
  private readonly updateAttemptRow: Statement<[string | null, string, string]>;
  private readonly selectAttemptBySid: Statement<[string], DocRow>;
  private readonly selectAttempts: Statement<[string], DocRow>;

  constructor(private readonly db: Database) {
    this.insertRecord = db.prepare(
      `INSERT INTO escalations (id, reference, state, next_action_ms, lease_until_ms, version, created_ms, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectById = db.prepare('SELECT doc FROM escalations WHERE id = ?');
    this.selectOpenByReference = db.prepare(
      `SELECT doc FROM escalations WHERE reference = ? AND state IN ${OPEN_STATES_SQL}`,
    );
    this.selectLatestByReference = db.prepare(
      'SELECT doc FROM escalations WHERE reference = ? ORDER BY created_ms DESC, rowid DESC LIMIT 1',
    );
    this.updateIfVersion = db.prepare(
      `UPDATE escalations SET state = ?, next_action_ms = ?, lease_until_ms = ?, version = ?, doc = ?
       WHERE id = ? AND version = ?`,
    );
    this.selectDue = db.prepare(
      `SELECT doc FROM escalations
       WHERE state IN ${OPEN_STATES_SQL} AND next_action_ms IS NOT NULL AND next_action_ms <= ?
         AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
       ORDER BY next_action_ms, rowid LIMIT ?`,
    );
    this.insertAttemptRow = db.prepare(
      'INSERT INTO notification_attempts (id, escalation_id, provider_sid, created_ms, doc) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectAttempt = db.prepare('SELECT doc FROM notification_attempts WHERE id = ?');
    this.updateAttemptRow = db.prepare('UPDATE notification_attempts SET provider_sid = ?, doc = ? WHERE id = ?');
    this.selectAttemptBySid = db.prepare(
      'SELECT doc FROM notification_attempts WHERE provider_sid = ? ORDER BY created_ms, rowid LIMIT 1',
    );
    this.selectAttempts = db.prepare(
      'SELECT doc FROM notification_attempts WHERE escalation_id = ? ORDER BY created_ms, rowid',
    );
  }

  async insert(record: EscalationRecord): Promise<void> {
    try {
      this.insertRecord.run(
        record.id,
        record.reference,
        record.state,
        optionalIsoToMs(record.nextActionAt, 'nextActionAt'),
        optionalIsoToMs(record.leaseUntil, 'leaseUntil'),
        record.version,
        isoToMs(record.createdAt, 'createdAt'),
        JSON.stringify(record),
      );
    } catch (error) {
      throw translateReferenceConflict(error, record.reference);
    }
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    return parseRecord(this.selectById.get(id));
  }

  async findByReference(reference: string): Promise<EscalationRecord | undefined> {
    return parseRecord(this.selectOpenByReference.get(reference) ?? this.selectLatestByReference.get(reference));
  }

  /** Oldest first (createdAt), optionally filtered by state. */
  async list(query: EscalationQuery = {}): Promise<EscalationRecord[]> {
    const params: (string | number)[] = [];
    let sql = 'SELECT doc FROM escalations';
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      sql += ` WHERE state IN (${query.states.map(() => '?').join(', ')})`;
      params.push(...query.states);
    }
    sql += ' ORDER BY created_ms, rowid';
    if (query.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(query.limit);
    }
    return this.db
      .prepare<(string | number)[], DocRow>(sql)
      .all(...params)
      .map((row) => JSON.parse(row.doc) as EscalationRecord);
  }

  async update(
    id: string,
    expectedVersion: number,
    patch: EscalationPatch,
    now: Date,
  ): Promise<EscalationRecord | undefined> {
    let reference = id;
    const run = this.db.transaction((): EscalationRecord | undefined => {
      const current = parseRecord(this.selectById.get(id));
      if (!current || current.version !== expectedVersion) return undefined;
      reference = current.reference;
      const next = applyEscalationPatch(current, patch, now);
      return this.writeIfVersion(next, expectedVersion) ? next : undefined;
    });
    try {
      return run.immediate();
    } catch (error) {
      throw translateReferenceConflict(error, reference);
    }
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<EscalationRecord[]> {
    validateClaimArguments(owner, leaseMs, limit);
    if (limit === 0) return [];
    const run = this.db.transaction((): EscalationRecord[] => {
      const nowMs = now.getTime();
      const claimed: EscalationRecord[] = [];
      for (const row of this.selectDue.all(nowMs, nowMs, limit)) {
        const current = JSON.parse(row.doc) as EscalationRecord;
        const leased = withLease(current, owner, leaseMs, now);
        if (this.writeIfVersion(leased, current.version)) claimed.push(leased);
      }
      return claimed;
    });
    return run.immediate();
  }

  async insertAttempt(attempt: NotificationAttempt): Promise<void> {
    this.insertAttemptRow.run(
      attempt.id,
      attempt.escalationId,
      attempt.providerSid ?? null,
      isoToMs(attempt.createdAt, 'attempt createdAt'),
      JSON.stringify(attempt),
    );
  }

  async updateAttempt(id: string, patch: AttemptPatch): Promise<NotificationAttempt | undefined> {
    const run = this.db.transaction((): NotificationAttempt | undefined => {
      const row = this.selectAttempt.get(id);
      if (!row) return undefined;
      const next = { ...(JSON.parse(row.doc) as NotificationAttempt) };
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
      }
      this.updateAttemptRow.run(next.providerSid ?? null, JSON.stringify(next), id);
      return next;
    });
    return run.immediate();
  }

  async findAttemptByProviderSid(providerSid: string): Promise<NotificationAttempt | undefined> {
    const row = this.selectAttemptBySid.get(providerSid);
    return row ? (JSON.parse(row.doc) as NotificationAttempt) : undefined;
  }

  async listAttempts(escalationId: string): Promise<NotificationAttempt[]> {
    return this.selectAttempts.all(escalationId).map((row) => JSON.parse(row.doc) as NotificationAttempt);
  }

  private writeIfVersion(next: EscalationRecord, expectedVersion: number): boolean {
    const result = this.updateIfVersion.run(
      next.state,
      optionalIsoToMs(next.nextActionAt, 'nextActionAt'),
      optionalIsoToMs(next.leaseUntil, 'leaseUntil'),
      next.version,
      JSON.stringify(next),
      next.id,
      expectedVersion,
    );
    return result.changes === 1;
  }
}

function parseRecord(row: DocRow | undefined): EscalationRecord | undefined {
  return row ? (JSON.parse(row.doc) as EscalationRecord) : undefined;
}

/**
 * Duck-typed rather than `instanceof SqliteError`: the native addon keeps the error class of the
 * first module instance that loaded it, so instanceof fails when the module is loaded twice
 * (jest module registries, bundlers).
 */
function translateReferenceConflict(error: unknown, reference: string): unknown {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('escalations.reference')) {
    return new DuplicateReferenceError(reference);
  }
  return error;
}
