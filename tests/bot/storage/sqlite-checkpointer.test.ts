import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { SqliteAppStore } from '../../../bot/storage/sqlite/sqlite-app-store';
import { SqliteCheckpointer } from '../../../bot/storage/sqlite/sqlite-checkpointer';
import { makeEntry } from './store-fixtures';

const logger = pino({ level: 'silent' });
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'checkpointer-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('background WAL checkpoints', () => {
  it('copies committed writes into the database file off the event loop; the connection only keeps a backstop', async () => {
    const file = path.join(dir, 'store.sqlite');
    const store = SqliteAppStore.open(file, logger, { backgroundCheckpoints: { intervalMs: 20 } });
    try {
      const db = (store as unknown as { db: Database.Database }).db;
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10000);
      for (let i = 0; i < 50; i++) await store.transcripts.append(makeEntry({ id: `t${i}` }));
      await store.state.write({ 'conv/1': { n: 1, eTag: '*' } });
      const status = await until(async () => {
        const s = await store.checkpointStatus();
        return s && s.checkpoints > 0 && s.lastLogFrames > 0 ? s : undefined;
      });
      expect(status.checkpoints).toBeGreaterThan(0);
      // The pages are in the main file now: a reader that ignores the WAL would find them.
      expect(statSync(file).size).toBeGreaterThan(4096 * 3);
      expect(await store.transcripts.list('conv-1')).toHaveLength(50);
    } finally {
      await store.close();
    }
    // Closed cleanly: the thread's connection went first, so the last close removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = SqliteAppStore.open(file, logger, { backgroundCheckpoints: false });
    try {
      expect(await reopened.transcripts.list('conv-1')).toHaveLength(50);
      expect((await reopened.state.read(['conv/1']))['conv/1']).toMatchObject({ n: 1 });
    } finally {
      await reopened.close();
    }
  });

  it('restarts a WAL that has grown long, so it stays bounded under constant writes', async () => {
    const file = path.join(dir, 'store.sqlite');
    const store = SqliteAppStore.open(file, logger, { backgroundCheckpoints: { intervalMs: 10, restartAfterFrames: 20 } });
    try {
      const restarted = await until(async () => {
        for (let i = 0; i < 20; i++) await store.transcripts.append(makeEntry({ text: 'x'.repeat(3000) }));
        const status = await store.checkpointStatus();
        return status && status.restarts > 0 ? status : undefined;
      });
      expect(restarted.restarts).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('puts checkpoints back inline when the thread cannot run', async () => {
    const onFailure = jest.fn();
    const checkpointer = SqliteCheckpointer.start(path.join(dir, 'missing.sqlite'), logger, onFailure);
    await until(async () => (onFailure.mock.calls.length > 0 ? true : undefined));
    await expect(checkpointer.status()).rejects.toThrow(/not running/);
    await checkpointer.stop();
    expect(onFailure).toHaveBeenCalledTimes(1);
  });

  it('can be turned off: the connection then checkpoints inline as SQLite does by default', async () => {
    const store = SqliteAppStore.open(path.join(dir, 'inline.sqlite'), logger, { backgroundCheckpoints: false });
    try {
      expect(store.checkpointStatus()).toBeUndefined();
      const db = (store as unknown as { db: Database.Database }).db;
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await store.close();
    }
  });
});
