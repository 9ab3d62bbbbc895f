import type { ScreeningResult } from '../../escalation/risk/screening-result';

export type TranscriptDirection = 'inbound' | 'outbound';

export interface TranscriptEntry {
  id: string;
  conversationId: string;
  channel: string;
  direction: TranscriptDirection;
  at: string;
  /** Activity type: message, conversationUpdate, ... */
  type: string;
  text?: string;
  /** The risk screen's result for inbound messages. */
  screening?: ScreeningResult;
}

/** Append-only transcript per conversation. */
export interface TranscriptStore {
  append(entry: TranscriptEntry): Promise<void>;
  /**
   * Appends several entries, in order, in one write (the replies of a turn). Same semantics as
   * calling append for each: ids already stored are skipped. Optional so simple stores (test
   * doubles) need not implement it; callers go through appendTranscriptEntries.
   */
  appendMany?(entries: readonly TranscriptEntry[]): Promise<void>;
  list(conversationId: string): Promise<TranscriptEntry[]>;
  /** Erases message text for a conversation (person's "delete my data"); returns entries affected. */
  eraseConversation(conversationId: string): Promise<number>;
}

/**
 * Retention of message text (`service.transcriptRetentionDays`). Separate from TranscriptStore so test
 * doubles of the turn pipeline need not implement it; both real adapters do.
 */
export interface TranscriptRetention {
  /**
   * Erases text (as eraseConversation does) from every entry stamped before `before`, except in the
   * `keep` conversations. Entries before `before` are each examined once. Returns the number of entries
   * whose text was erased and the conversations that had entries examined (kept ones excluded).
   */
  eraseTextBefore(before: string, keep: ReadonlySet<string>): Promise<{ entries: number; conversations: string[] }>;
}

/** One write when the store can batch, else one append per entry, in order. */
export async function appendTranscriptEntries(store: TranscriptStore, entries: readonly TranscriptEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (store.appendMany) return store.appendMany(entries);
  for (const entry of entries) await store.append(entry);
}
