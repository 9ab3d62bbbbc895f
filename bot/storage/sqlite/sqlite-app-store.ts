import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AppStore } from '../app-store';
import { openSqliteDatabase, type SqliteOpenOptions } from './sqlite-database';
import { SqliteAuditLog } from './sqlite-audit-log';
import { SqliteBotState } from './sqlite-bot-state';
import { SqliteEscalationStore } from './sqlite-escalation-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';
import { SqliteTranscriptStore } from './sqlite-transcript-store';

/** The embedded adapter: one SQLite file (WAL) holding everything the bot persists. */
export class SqliteAppStore implements AppStore {
  readonly kind = 'sqlite' as const;
  readonly state: SqliteBotState;
  readonly transcripts: SqliteTranscriptStore;
  readonly escalations: SqliteEscalationStore;
  readonly audit: SqliteAuditLog;
  readonly idempotency: SqliteIdempotencyStore;

  private constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.state = new SqliteBotState(db);
    this.transcripts = new SqliteTranscriptStore(db);
    this.escalations = new SqliteEscalationStore(db);
    this.audit = new SqliteAuditLog(db);
    this.idempotency = new SqliteIdempotencyStore(db);
  }

  static open(file: string, logger: Logger, options: SqliteOpenOptions = {}): SqliteAppStore {
    return new SqliteAppStore(openSqliteDatabase(file, logger, options), logger);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.db.close();
    this.logger.info({ file: this.db.name }, 'sqlite store closed');
  }
}
