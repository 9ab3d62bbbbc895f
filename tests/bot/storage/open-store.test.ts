import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openStore, SQLITE_FILE_NAME } from '../../../bot/storage/open-store';
import { SQLITE_MIGRATIONS } from '../../../bot/storage/sqlite/sqlite-migrations';
import { startJongodb } from '../../support/jongodb-server';
import { makeAudit } from './store-fixtures';

const logger = pino({ level: 'silent' });

describe('openStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'open-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('defaults to SQLite in DATA_DIR, creating the directory, in WAL mode at the latest schema', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const store = await openStore({ dataDir, mongodbUri: '  ', logger });
    try {
      expect(store.kind).toBe('sqlite');
      await store.ping();
    } finally {
      await store.close();
    }
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version);
    } finally {
      db.close();
    }
  });

  test('reopening applies no migration twice and refuses a newer schema', async () => {
    const first = await openStore({ dataDir: dir, logger });
    await first.close();
    const second = await openStore({ dataDir: dir, logger });
    await second.close();

    const db = new Database(path.join(dir, SQLITE_FILE_NAME));
    db.pragma('user_version = 999');
    db.close();
    await expect(openStore({ dataDir: dir, logger })).rejects.toThrow(/schema version 999 is newer/);
  });

  test('the SQLite audit table rejects UPDATE and DELETE even from outside the adapter', async () => {
    const store = await openStore({ dataDir: dir, logger });
    await store.audit.append(makeAudit({ id: 'a1' }));
    await store.close();
    const db = new Database(path.join(dir, SQLITE_FILE_NAME));
    try {
      expect(() => db.prepare("UPDATE audit_log SET doc = '{}'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  test('uses MongoDB when a URI is given', async () => {
    const engine = await startJongodb();
    try {
      const store = await openStore({ dataDir: dir, mongodbUri: `${engine.uri}/open_store_test`, logger });
      try {
        expect(store.kind).toBe('mongodb');
        await store.ping();
        expect(existsSync(path.join(dir, SQLITE_FILE_NAME))).toBe(false);
      } finally {
        await store.close();
      }
    } finally {
      await engine.stop();
    }
  });

  test('an unreachable MongoDB fails open() with the driver error instead of hanging', async () => {
    const { MongoAppStore } = await import('../../../bot/storage/mongo/mongo-app-store');
    await expect(
      MongoAppStore.open('mongodb://127.0.0.1:1/nothing', logger, { serverSelectionTimeoutMs: 500 }),
    ).rejects.toThrow();
  });
});
