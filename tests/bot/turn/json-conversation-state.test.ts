import { ConversationState, MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { JsonConversationState } from '../../../bot/turn/json-conversation-state';
import { messageTurnContext } from '../../support/message-turn-context';

/** MemoryStorage that records every write, so "saved only when changed" can be seen. */
class RecordingStorage implements Storage {
  readonly inner = new MemoryStorage();
  readonly writes: StoreItems[] = [];
  read(keys: string[]) {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems) {
    this.writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
    return this.inner.write(changes);
  }
  delete(keys: string[]) {
    return this.inner.delete(keys);
  }
}

const contextFor = messageTurnContext;

/** The same scenario against botbuilder's ConversationState and ours: the storage must see the same writes. */
async function scenario(makeState: (storage: Storage) => ConversationState) {
  const storage = new RecordingStorage();
  const state = makeState(storage);
  const count = state.createProperty<number>('count');
  const nested = state.createProperty<{ list: number[] }>('nested');

  const first = contextFor('c1');
  expect(await count.get(first)).toBeUndefined();
  await state.saveChanges(first); // nothing changed: no write
  await count.set(first, 1);
  await nested.set(first, { list: [1] });
  await state.saveChanges(first);
  await state.saveChanges(first); // saved already: no second write

  const second = contextFor('c1');
  const loaded = await nested.get(second);
  expect(loaded).toEqual({ list: [1] });
  loaded!.list.push(2); // changed in place, as dialogs do
  await state.saveChanges(second);
  expect(state.get(second)).toMatchObject({ count: 1, nested: { list: [1, 2] } });

  const third = contextFor('c1');
  await state.load(third);
  await state.saveChanges(third, true); // forced
  await state.clear(third);
  await state.saveChanges(third);

  const fourth = contextFor('c1');
  expect(await count.get(fourth)).toBeUndefined();
  await count.set(fourth, 7);
  await state.saveChanges(fourth);
  await state.delete(fourth);
  expect(await storage.read(['test/conversations/c1/'])).toEqual({});
  expect(state.get(fourth)).toBeUndefined();

  return storage.writes.map((changes) =>
    Object.fromEntries(Object.entries(changes).map(([key, item]) => [key, { ...item, eTag: item.eTag }])),
  );
}

describe('JsonConversationState', () => {
  it('writes exactly what botbuilder ConversationState writes, for the same turns', async () => {
    const ours = await scenario((storage) => new JsonConversationState(storage));
    const theirs = await scenario((storage) => new ConversationState(storage));
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([
      { 'test/conversations/c1/': { count: 1, nested: { list: [1] }, eTag: '*' } },
      { 'test/conversations/c1/': { count: 1, nested: { list: [1, 2] }, eTag: '*' } },
      { 'test/conversations/c1/': { count: 1, nested: { list: [1, 2] }, eTag: '*' } },
      { 'test/conversations/c1/': { eTag: '*' } },
      { 'test/conversations/c1/': { count: 7, eTag: '*' } },
    ]);
  });

  it('keeps each turn to its own cached state, and reloads when forced', async () => {
    const storage = new RecordingStorage();
    const state = new JsonConversationState(storage);
    const a = contextFor('a');
    const b = contextFor('b');
    await state.createProperty<string>('who').set(a, 'a');
    await state.createProperty<string>('who').set(b, 'b');
    await state.saveChanges(a);
    await state.saveChanges(b);
    expect(await storage.read(['test/conversations/a/', 'test/conversations/b/'])).toMatchObject({
      'test/conversations/a/': { who: 'a' },
      'test/conversations/b/': { who: 'b' },
    });
    await storage.inner.write({ 'test/conversations/a/': { who: 'changed elsewhere', eTag: '*' } });
    expect((await state.load(a)).who).toBe('a');
    expect((await state.load(a, true)).who).toBe('changed elsewhere');
  });
});
