import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { migrate } from './sqlite-migrations';

export interface SqliteOpenOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the database file in WAL mode and brings its schema up to date. */
export function openSqliteDatabase(file: string, logger: Logger, options: SqliteOpenOptions = {}): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal') {
      throw new Error(`could not switch ${file} to WAL journal mode (got ${String(journalMode)})`);
    }
    // FULL: a committed escalation survives power loss, which is what lets us promise contact.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const schemaVersion = migrate(db);
    logger.info({ file, schemaVersion }, 'sqlite store opened');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
