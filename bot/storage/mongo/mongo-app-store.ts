import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AppStore } from '../app-store';
import { MongoAuditLog } from './mongo-audit-log';
import { MongoBotState } from './mongo-bot-state';
import { MongoEscalationStore } from './mongo-escalation-store';
import { MongoIdempotencyStore } from './mongo-idempotency-store';
import { MongoSafetyCheckWatchStore } from './mongo-safety-check-watch-store';
import { createModels, ensureIndexes } from './mongo-models';
import { MongoTranscriptStore } from './mongo-transcript-store';

export interface MongoOpenOptions {
  /** Overrides the database named in the URI (tests use one database per test). */
  dbName?: string;
  serverSelectionTimeoutMs?: number;
}

/** The MongoDB adapter: its own mongoose Connection (never the global singleton). */
export class MongoAppStore implements AppStore {
  readonly kind = 'mongodb' as const;
  readonly state: MongoBotState;
  readonly transcripts: MongoTranscriptStore;
  readonly escalations: MongoEscalationStore;
  readonly audit: MongoAuditLog;
  readonly safetyCheckWatches: MongoSafetyCheckWatchStore;
  readonly idempotency: MongoIdempotencyStore;
  private closed = false;

  private constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
    models: ReturnType<typeof createModels>,
  ) {
    this.state = new MongoBotState(models.botState);
    this.transcripts = new MongoTranscriptStore(models.transcripts);
    this.escalations = new MongoEscalationStore(models.escalations, models.attempts);
    this.audit = new MongoAuditLog(models.audit);
    this.idempotency = new MongoIdempotencyStore(models.idempotency);
    this.safetyCheckWatches = new MongoSafetyCheckWatchStore(models.safetyCheckWatches);
  }

  static async open(uri: string, logger: Logger, options: MongoOpenOptions = {}): Promise<MongoAppStore> {
    const connection = mongoose.createConnection(uri, {
      dbName: options.dbName,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
      autoIndex: false,
      autoCreate: false,
      // Mongoose must not queue operations while disconnected: fail fast so callers fall back.
      bufferCommands: false,
    });
    try {
      await connection.asPromise();
      const models = createModels(connection);
      await ensureIndexes(models);
      logger.info({ db: connection.name }, 'mongodb store opened');
      return new MongoAppStore(connection, logger, models);
    } catch (error) {
      await connection.close().catch((closeError: unknown) => {
        logger.warn({ err: closeError }, 'closing mongodb connection after failed open also failed');
      });
      throw error;
    }
  }

  async ping(): Promise<void> {
    const db = this.connection.db;
    if (this.closed || !db) throw new Error('mongodb store is closed');
    await db.admin().command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close();
    this.logger.info({ db: this.connection.name }, 'mongodb store closed');
  }
}
