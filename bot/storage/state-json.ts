import type { StoreItem } from 'botbuilder';

/**
 * The JSON text of a state item, carried beside it so the same few kilobytes are not serialised
 * again on every turn. Both marks are non-enumerable symbol properties, so JSON.stringify, object
 * spread and Object.entries never see them, and stores or callers that do not know them are unaffected.
 */
const LOADED_JSON = Symbol('loadedJson');
const JSON_TO_WRITE = Symbol('jsonToWrite');

type Marked = StoreItem & { [LOADED_JSON]?: string; [JSON_TO_WRITE]?: string };

/**
 * Marks an item just read with the JSON text it was parsed from (its data, without eTag). A caller
 * may use it as the item's snapshot for change detection: if the text is not exactly what
 * JSON.stringify would give, the only effect is one write that was not strictly needed.
 */
export function markLoadedJson<T extends StoreItem>(item: T, json: string): T {
  Object.defineProperty(item, LOADED_JSON, { value: json, configurable: true });
  return item;
}

export function loadedJsonOf(item: StoreItem): string | undefined {
  return (item as Marked)[LOADED_JSON];
}

/**
 * A shallow copy of `item` for one write, carrying `json`: the caller's JSON.stringify of the
 * item's data (everything but eTag), taken immediately before the write call. A store may write
 * that text instead of serialising the item again. Always a fresh object, so the mark can never
 * outlive the moment it was true: the caller's own object, which it goes on changing, is never marked.
 */
export function withJsonToWrite(item: StoreItem, json: string): StoreItem {
  return Object.defineProperty({ ...item }, JSON_TO_WRITE, { value: json });
}

export function jsonToWriteOf(item: StoreItem): string | undefined {
  return (item as Marked)[JSON_TO_WRITE];
}
