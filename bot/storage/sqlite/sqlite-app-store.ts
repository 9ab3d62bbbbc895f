import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AppStore } from '../app-store';
import { SqliteCheckpointer, type CheckpointerOptions } from './sqlite-checkpointer';
import { openSqliteDatabase, type SqliteOpenOptions } from './sqlite-database';
import { SqliteAuditLog } from './sqlite-audit-log';
import { SqliteBotState } from './sqlite-bot-state';
import { SqliteEscalationStore } from './sqlite-escalation-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';
import { SqliteSafetyCheckWatchStore } from './sqlite-safety-check-watch-store';
import { SqliteTranscriptStore } from './sqlite-transcript-store';

/** SQLite's own default: checkpoint inline once the WAL passes this many pages. */
const INLINE_AUTOCHECKPOINT_PAGES = 1000;
/** With the checkpoint thread: only a backstop, in case it falls far behind (about 40 MB of WAL). */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10000;

export interface SqliteAppStoreOptions extends SqliteOpenOptions {
  /** Checkpoint the WAL on a background thread (default) instead of inside a commit on the event loop. */
  backgroundCheckpoints?: boolean | CheckpointerOptions;
}

/** The embedded adapter: one SQLite file (WAL) holding everything the bot persists. */
export class SqliteAppStore implements AppStore {
  readonly kind = 'sqlite' as const;
  readonly state: SqliteBotState;
  readonly transcripts: SqliteTranscriptStore;
  readonly escalations: SqliteEscalationStore;
  readonly audit: SqliteAuditLog;
  readonly safetyCheckWatches: SqliteSafetyCheckWatchStore;
  readonly idempotency: SqliteIdempotencyStore;
  private checkpointer: SqliteCheckpointer | undefined;

  private constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.state = new SqliteBotState(db);
    this.transcripts = new SqliteTranscriptStore(db);
    this.escalations = new SqliteEscalationStore(db);
    this.audit = new SqliteAuditLog(db);
    this.idempotency = new SqliteIdempotencyStore(db);
    this.safetyCheckWatches = new SqliteSafetyCheckWatchStore(db);
  }

  static open(file: string, logger: Logger, options: SqliteAppStoreOptions = {}): SqliteAppStore {
    const store = new SqliteAppStore(openSqliteDatabase(file, logger, options), logger);
    const background = options.backgroundCheckpoints ?? true;
    if (background !== false) {
      store.startCheckpointer(file, { busyTimeoutMs: options.busyTimeoutMs, ...(background === true ? {} : background) });
    }
    return store;
  }

  /** The checkpoint thread's counters, or undefined when checkpoints run inline. */
  checkpointStatus() {
    return this.checkpointer?.status();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // The thread's connection goes first, so this one is the last and leaves no WAL behind.
    await this.checkpointer?.stop();
    this.checkpointer = undefined;
    if (!this.db.open) return;
    this.db.close();
    this.logger.info({ file: this.db.name }, 'sqlite store closed');
  }

  private startCheckpointer(file: string, options: CheckpointerOptions): void {
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    this.checkpointer = SqliteCheckpointer.start(
      file,
      this.logger,
      () => {
        this.checkpointer = undefined;
        if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
      },
      options,
    );
  }
}
