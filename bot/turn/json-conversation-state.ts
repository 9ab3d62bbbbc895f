import { ConversationState, type Storage, type TurnContext } from 'botbuilder';
import { loadedJsonOf, withJsonToWrite } from '../storage/state-json';

interface CachedState {
  state: Record<string, unknown>;
  /** The state as loaded or last saved, as JSON without its eTag; '' when it must be written. */
  json: string;
}

/**
 * ConversationState with cheaper change detection. BotState hashes the state (a replacer-aware
 * stringify, then SHA-256) on every load and on every save check, before and after the write. This
 * bot's state is plain JSON (every store keeps it as JSON), so comparing JSON text gives the same
 * answer: one JSON.stringify per save check, no hashing. A store that marks what it read with its
 * JSON text (see state-json.ts) spares the snapshot at load, and the save check's text goes to the
 * store with the write, so the store need not serialise the state again. Loading, caching per turn,
 * `eTag: '*'` (last writer wins) and clear/delete behave exactly as in BotState.
 */
export class JsonConversationState extends ConversationState {
  private readonly cacheKey = Symbol('jsonConversationState');

  constructor(storage: Storage, namespace?: string) {
    super(storage, namespace);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.cached(context);
    if (!force && cached) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const item = items[key];
    const state: Record<string, unknown> = item ?? {};
    const json = (item && loadedJsonOf(item)) ?? jsonOf(state);
    context.turnState.set(this.cacheKey, { state, json } satisfies CachedState);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = this.cached(context);
    const json = cached ? jsonOf(cached.state) : undefined;
    if (!force && (!cached || json === cached.json)) return;
    // The key without awaiting (getStorageKey is what storageKey calls), so nothing can run between
    // serialising the state and handing the store that text with the write.
    const key = this.getStorageKey(context) ?? (await this.storageKey(context));
    const saving: CachedState = cached ?? { state: {}, json: '' };
    const text = json ?? jsonOf(saving.state);
    saving.state.eTag = '*';
    await this.storage.write({ [key]: withJsonToWrite(saving.state, text) });
    saving.json = text;
    context.turnState.set(this.cacheKey, saving);
  }

  override async clear(context: TurnContext): Promise<void> {
    // An empty JSON snapshot never matches, so the cleared state is written on the next save.
    context.turnState.set(this.cacheKey, { state: {}, json: '' } satisfies CachedState);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cached(context)?.state;
  }

  private cached(context: TurnContext): CachedState | undefined {
    const cached: unknown = context.turnState.get(this.cacheKey);
    return typeof cached === 'object' && cached !== null && typeof (cached as CachedState).state === 'object' ? (cached as CachedState) : undefined;
  }
}

/** The state's JSON without its eTag (which changes on every write and is not part of the state). */
function jsonOf(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
