import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openStore, SQLITE_FILE_NAME } from '../../../bot/storage/open-store';
import { migrate, SQLITE_MIGRATIONS } from '../../../bot/storage/sqlite/sqlite-migrations';
import { startJongodb } from '../../support/jongodb-server';
import { iso, makeAudit } from './store-fixtures';

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

  test('upgrades a database made by the first release without losing its transcript, which retention then sweeps', async () => {
    const file = path.join(dir, SQLITE_FILE_NAME);
    const v1 = new Database(file);
    migrate(v1, SQLITE_MIGRATIONS.slice(0, 1));
    const doc = { id: 'old', conversationId: 'c1', channel: 'webchat', direction: 'inbound', at: iso(0), type: 'message', text: 'kept from v1' };
    v1.prepare('INSERT INTO transcript_entries (id, conversation_id, at_ms, doc) VALUES (?, ?, ?, ?)').run('old', 'c1', Date.parse(iso(0)), JSON.stringify(doc));
    v1.close();

    const store = await openStore({ dataDir: dir, logger });
    try {
      expect((await store.transcripts.list('c1')).map((e) => e.text)).toEqual(['kept from v1']);
      expect(await store.transcripts.eraseTextBefore(iso(1), new Set())).toEqual({ entries: 1, conversations: ['c1'] });
      expect((await store.transcripts.list('c1'))[0].text).toBeUndefined();
    } finally {
      await store.close();
    }
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
