import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { StateHousekeeping } from '../app-store';
import { eTagConflictError, isUnconditionalWrite, newETag } from '../shared/etag-conflict';
import { jsonToWriteOf, markLoadedJson } from '../state-json';
import { RoutineDurability } from './sqlite-durability';

interface StateRow {
  key: string;
  etag: string;
  data: string;
}

/**
 * Bot Framework state with MemoryStorage semantics. Each eTag check is a single conditional
 * statement, and a whole write() batch commits or fails together.
 */
export class SqliteBotState implements Storage, StateHousekeeping {
  private readonly selectOne: Statement<[string], StateRow>;
  private readonly upsert: Statement<[string, string, string, number]>;
  private readonly updateIfETag: Statement<[string, string, number, string, string]>;
  private readonly insertIfAbsent: Statement<[string, string, string, number]>;
  private readonly deleteOne: Statement<[string]>;
  private readonly deleteIdleRange: Statement<[string, string, number]>;

  private readonly routine: RoutineDurability;
  private readonly writeAll: Transaction<(entries: [string, StoreItem][]) => void>;

  constructor(private readonly db: Database) {
    this.routine = new RoutineDurability(db);
    this.selectOne = db.prepare('SELECT key, etag, data FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, etag, data, updated_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_ms = excluded.updated_ms`,
    );
    this.updateIfETag = db.prepare('UPDATE bot_state SET etag = ?, data = ?, updated_ms = ? WHERE key = ? AND etag = ?');
    this.insertIfAbsent = db.prepare(
      'INSERT INTO bot_state (key, etag, data, updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
    this.deleteOne = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.deleteIdleRange = db.prepare('DELETE FROM bot_state WHERE key >= ? AND key < ? AND updated_ms < ?');
    this.writeAll = db.transaction((entries: [string, StoreItem][]) => {
      for (const [key, item] of entries) this.writeOne(key, item);
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (!row) continue;
      const item = JSON.parse(row.data) as StoreItem;
      item.eTag = row.etag;
      items[key] = markLoadedJson(item, row.data);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    // Written every turn: routine durability (see sqlite-durability.ts). Deletes stay FULL.
    // One unconditional item (ConversationState's every-turn save) is one statement, which commits
    // or fails on its own; anything else goes in one transaction.
    if (entries.length === 1 && isUnconditionalWrite(entries[0][1].eTag)) this.routine.run(() => this.writeOne(entries[0][0], entries[0][1]));
    else this.routine.run(() => this.writeAll.immediate(entries));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const deleteAll = this.db.transaction((all: string[]) => {
      for (const key of all) this.deleteOne.run(key);
    });
    deleteAll.immediate(keys);
  }

  async deleteIdle(keyPrefix: string, idleForMs: number): Promise<number> {
    if (keyPrefix === '') throw new RangeError('a key prefix is required');
    return this.deleteIdleRange.run(keyPrefix, `${keyPrefix}\uffff`, Date.now() - idleForMs).changes;
  }

  private writeOne(key: string, item: StoreItem): void {
    const { eTag, ...data } = item;
    const json = jsonToWriteOf(item) ?? JSON.stringify(data);
    const next = newETag();
    const now = Date.now();
    if (isUnconditionalWrite(eTag)) {
      this.upsert.run(key, next, json, now);
      return;
    }
    if (this.updateIfETag.run(next, json, now, key, String(eTag)).changes === 1) return;
    // Like MemoryStorage, an eTag on an item that no longer exists does not block the write.
    if (this.insertIfAbsent.run(key, next, json, now).changes === 1) return;
    throw eTagConflictError(key);
  }
}
