import type { Database } from 'better-sqlite3';

export interface SqliteMigration {
  version: number;
  description: string;
  sql: string;
}

const OPEN_STATES_SQL = "('open', 'paging', 'acknowledged')";

/** Applied in order at open; PRAGMA user_version records the last one applied. Append only. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'bot state, transcripts, escalations, attempts, audit log, idempotency keys',
    sql: `
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        etag TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      );

      CREATE TABLE transcript_entries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX transcript_entries_conversation ON transcript_entries (conversation_id, at_ms, seq);

      CREATE TABLE escalations (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        state TEXT NOT NULL,
        next_action_ms INTEGER,
        lease_until_ms INTEGER,
        version INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE UNIQUE INDEX escalations_open_reference ON escalations (reference) WHERE state IN ${OPEN_STATES_SQL};
      CREATE INDEX escalations_reference_history ON escalations (reference, created_ms);
      CREATE INDEX escalations_due ON escalations (next_action_ms) WHERE state IN ${OPEN_STATES_SQL};
      CREATE INDEX escalations_state_created ON escalations (state, created_ms);

      CREATE TABLE notification_attempts (
        id TEXT PRIMARY KEY,
        escalation_id TEXT NOT NULL,
        provider_sid TEXT,
        created_ms INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX notification_attempts_escalation ON notification_attempts (escalation_id, created_ms);
      CREATE INDEX notification_attempts_provider_sid ON notification_attempts (provider_sid) WHERE provider_sid IS NOT NULL;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at_ms INTEGER NOT NULL,
        escalation_id TEXT,
        conversation_id TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX audit_log_escalation ON audit_log (escalation_id, at_ms, seq) WHERE escalation_id IS NOT NULL;
      CREATE INDEX audit_log_conversation ON audit_log (conversation_id, at_ms, seq) WHERE conversation_id IS NOT NULL;
      CREATE INDEX audit_log_at ON audit_log (at_ms, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        first_seen_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'transcript retention: entries not yet examined by the retention sweep, by time',
    sql: `
      ALTER TABLE transcript_entries ADD COLUMN retention_done INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX transcript_entries_retention ON transcript_entries (retention_done, at_ms);
    `,
  },
  {
    version: 3,
    description: 'transcript retention: index in the order the sweep walks (time, then append order)',
    sql: `
      DROP INDEX transcript_entries_retention;
      CREATE INDEX transcript_entries_retention_due ON transcript_entries (retention_done, at_ms, seq);
    `,
  },
  {
    version: 4,
    description: 'safety-check watches: the escalation to file if a person goes quiet during the safety questions',
    sql: `
      CREATE TABLE safety_check_watches (
        conversation_id TEXT PRIMARY KEY,
        due_ms INTEGER NOT NULL,
        arm_id TEXT NOT NULL,
        lease_owner TEXT,
        lease_until_ms INTEGER,
        request TEXT NOT NULL
      );
      CREATE INDEX safety_check_watches_due ON safety_check_watches (due_ms);
    `,
  },
];

/**
 * Runs pending migrations inside one IMMEDIATE transaction, so two processes opening the same
 * file at once cannot both apply the same step.
 */
export function migrate(db: Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): number {
  const run = db.transaction(() => {
    const current = Number(db.pragma('user_version', { simple: true }));
    const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
    if (current > latest) {
      throw new Error(`database schema version ${current} is newer than this build supports (${latest})`);
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    return Number(db.pragma('user_version', { simple: true }));
  });
  return run.immediate();
}
