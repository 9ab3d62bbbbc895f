import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import pino from 'pino';
import { SqliteBotState } from '../../../bot/storage/sqlite/sqlite-bot-state';
import { openSqliteDatabase } from '../../../bot/storage/sqlite/sqlite-database';
import { loadedJsonOf, markLoadedJson, withJsonToWrite } from '../../../bot/storage/state-json';
import { JsonConversationState } from '../../../bot/turn/json-conversation-state';
import { messageTurnContext } from '../../support/message-turn-context';

const KEY = 'test/conversations/c1/';

const contextFor = messageTurnContext;

describe('state JSON carried beside the item', () => {
  let dir: string;
  let db: Database;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'crisis-bot-state-json-'));
    db = openSqliteDatabase(path.join(dir, 'store.db'), pino({ level: 'silent' }));
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const storedRow = () => db.prepare('SELECT etag, data FROM bot_state WHERE key = ?').get(KEY) as { etag: string; data: string } | undefined;

  it('is invisible to JSON, spread and Object.entries', () => {
    const item = markLoadedJson({ a: 1, eTag: 'x' }, '{"a":1}');
    const marked = withJsonToWrite(item, '{"a":1}');
    expect(JSON.stringify(marked)).toBe('{"a":1,"eTag":"x"}');
    expect(Object.entries(marked)).toEqual([['a', 1], ['eTag', 'x']]);
    expect(loadedJsonOf({ ...item })).toBeUndefined();
    expect(marked).not.toBe(item);
  });

  it('stores each turn exactly as the state stood when saved, and writes nothing when a turn changed nothing', async () => {
    const storage = new SqliteBotState(db);
    const state = new JsonConversationState(storage);
    const nested = state.createProperty<{ list: number[]; note?: string }>('nested');

    const first = contextFor('c1');
    await nested.set(first, { list: [1], note: 'é "quoted" \u2028' });
    await state.saveChanges(first);
    expect(storedRow()?.data).toBe(JSON.stringify({ nested: { list: [1], note: 'é "quoted" \u2028' } }));

    const second = contextFor('c1');
    const loaded = await nested.get(second);
    expect(loadedJsonOf(state.get(second)!)).toBe(storedRow()?.data);
    loaded!.list.push(2); // changed in place, as dialogs do
    await state.saveChanges(second);
    expect(JSON.parse(storedRow()!.data)).toEqual({ nested: { list: [1, 2], note: 'é "quoted" \u2028' } });

    const etag = storedRow()?.etag;
    const third = contextFor('c1');
    await nested.get(third);
    await state.saveChanges(third);
    expect(storedRow()?.etag).toBe(etag);
  });

  it('never writes the text an item was read from: the item as it is now is what is stored', async () => {
    const storage = new SqliteBotState(db);
    await storage.write({ [KEY]: { count: 1, eTag: '*' } });
    const item = (await storage.read([KEY]))[KEY];
    expect(loadedJsonOf(item)).toBe('{"count":1}');
    item.count = 2;
    await storage.write({ [KEY]: item });
    expect(storedRow()?.data).toBe('{"count":2}');
  });
});
