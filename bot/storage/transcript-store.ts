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
  list(conversationId: string): Promise<TranscriptEntry[]>;
  /** Erases message text for a conversation (person's "delete my data"); returns entries affected. */
  eraseConversation(conversationId: string): Promise<number>;
}
