import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { SqliteAppStore } from '../../../bot/storage/sqlite/sqlite-app-store';
import { DEFAULT_PAGE_CACHE_KIB, openSqliteDatabase } from '../../../bot/storage/sqlite/sqlite-database';

const logger = pino({ level: 'silent' });

describe('openSqliteDatabase page cache', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'crisis-bot-sqlite-open-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("caps the page cache at about SQLite's own 2 MB default rather than better-sqlite3's 16 MB", () => {
    const db = openSqliteDatabase(path.join(dir, 'a.db'), logger);
    try {
      expect(DEFAULT_PAGE_CACHE_KIB).toBe(2048);
      expect(db.pragma('cache_size', { simple: true })).toBe(-2048);
    } finally {
      db.close();
    }
  });

  it('takes another size when asked, and the store still reads back what it writes', async () => {
    const store = SqliteAppStore.open(path.join(dir, 'b.db'), logger, { pageCacheKib: 128, backgroundCheckpoints: false });
    try {
      const big = 'x'.repeat(4000);
      const writes = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`conv/${i}`, { big, i, eTag: '*' }]));
      await store.state.write(writes);
      const read = await store.state.read(['conv/0', 'conv/199']);
      expect(read['conv/0']).toMatchObject({ i: 0, big });
      expect(read['conv/199']).toMatchObject({ i: 199, big });
    } finally {
      await store.close();
    }
  });

  it.each([0, 10, 1.5, Number.NaN])('refuses a page cache of %p KiB before creating any file', (size) => {
    const file = path.join(dir, 'c.db');
    expect(() => openSqliteDatabase(file, logger, { pageCacheKib: size })).toThrow(/pageCacheKib must be an integer of at least 64/);
    expect(existsSync(file)).toBe(false);
  });
});
