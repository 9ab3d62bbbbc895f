import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppStore } from './app-store';
import { SqliteAppStore } from './sqlite/sqlite-app-store';

export interface OpenStoreOptions {
  /** Directory for the embedded SQLite file (DATA_DIR, default ./data). Ignored with MongoDB. */
  dataDir: string;
  /** When set (MONGODB_URI), MongoDB is used instead of SQLite. */
  mongodbUri?: string;
  logger: Logger;
}

export const SQLITE_FILE_NAME = 'crisis-triage-bot.sqlite';

/** Picks the storage adapter from configuration: MongoDB when a URI is given, else embedded SQLite. */
export async function openStore(options: OpenStoreOptions): Promise<AppStore> {
  const mongodbUri = options.mongodbUri?.trim();
  if (mongodbUri) {
    // Loaded lazily so SQLite deployments never pay for (or depend on) the MongoDB driver.
    const { MongoAppStore } = await import('./mongo/mongo-app-store');
    return MongoAppStore.open(mongodbUri, options.logger);
  }
  mkdirSync(options.dataDir, { recursive: true });
  return SqliteAppStore.open(path.join(options.dataDir, SQLITE_FILE_NAME), options.logger);
}
