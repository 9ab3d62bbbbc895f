import type { Database, Statement } from 'better-sqlite3';
import type { IdempotencyStore } from '../../../escalation/ports/idempotency-store';

/** The primary key decides: only the first INSERT for a key changes a row, in any process. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly insert: Statement<[string, number]>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO idempotency_keys (key, first_seen_ms) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    );
  }

  async claimOnce(key: string, now: Date): Promise<boolean> {
    if (!key) throw new Error('idempotency key is required');
    return this.insert.run(key, now.getTime()).changes === 1;
  }
}
