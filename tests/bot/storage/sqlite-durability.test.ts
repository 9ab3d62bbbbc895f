import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { SqliteBotState } from '../../../bot/storage/sqlite/sqlite-bot-state';
import { openSqliteDatabase } from '../../../bot/storage/sqlite/sqlite-database';
import { RoutineDurability } from '../../../bot/storage/sqlite/sqlite-durability';
import { SqliteTranscriptStore } from '../../../bot/storage/sqlite/sqlite-transcript-store';

/** PRAGMA synchronous: 1 = NORMAL, 2 = FULL. */
const NORMAL = 1;
const FULL = 2;

describe('SQLite durability modes', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'crisis-bot-durability-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits routine writes with NORMAL and puts the connection back to FULL, even when the write throws', () => {
    const db = new Database(path.join(dir, 'a.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    try {
      expect(new RoutineDurability(db).run(() => db.pragma('synchronous', { simple: true }))).toBe(NORMAL);
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
      expect(() =>
        new RoutineDurability(db).run(() => {
          throw new Error('write failed');
        }),
      ).toThrow('write failed');
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    } finally {
      db.close();
    }
  });

  it('leaves the mode alone inside an enclosing transaction', () => {
    const db = new Database(path.join(dir, 'b.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    try {
      const routine = new RoutineDurability(db);
      const seen = db.transaction(() => routine.run(() => db.pragma('synchronous', { simple: true })))();
      expect(seen).toBe(FULL);
    } finally {
      db.close();
    }
  });

  it('keeps the store connection at FULL after state writes and transcript appends, so escalations and audit entries stay fully durable', async () => {
    const db = openSqliteDatabase(path.join(dir, 'store.db'), pino({ level: 'silent' }));
    try {
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
      const state = new SqliteBotState(db);
      const transcripts = new SqliteTranscriptStore(db);
      await state.write({ 'conv/1': { value: 1, eTag: '*' } });
      await transcripts.append({
        id: 't1',
        conversationId: 'conv-1',
        channel: 'test',
        direction: 'inbound',
        at: '2026-01-01T10:00:00.000Z',
        type: 'message',
      });
      expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
      expect((await state.read(['conv/1']))['conv/1']).toMatchObject({ value: 1 });
      expect(await transcripts.list('conv-1')).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
