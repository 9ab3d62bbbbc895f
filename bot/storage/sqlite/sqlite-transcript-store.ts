import type { Database, Statement } from 'better-sqlite3';
import { isoToMs } from '../shared/iso-time';
import { hasErasableText, redactTranscriptEntry } from '../shared/redact-transcript-entry';
import type { TranscriptEntry, TranscriptStore } from '../transcript-store';
import { RoutineDurability } from './sqlite-durability';

interface TranscriptRow {
  seq: number;
  doc: string;
}

/**
 * Append-only transcript. Entries are listed by `at`, then in append order; re-appending an
 * id that is already stored is a no-op so at-least-once callers can retry safely. Appends commit
 * with routine durability (see sqlite-durability.ts); erasure ("delete my data") stays FULL.
 */
export class SqliteTranscriptStore implements TranscriptStore {
  private readonly insert: Statement<[string, string, number, string]>;
  private readonly selectConversation: Statement<[string], TranscriptRow>;
  private readonly rewrite: Statement<[string, number]>;

  private readonly routine: RoutineDurability;

  constructor(private readonly db: Database) {
    this.routine = new RoutineDurability(db);
    this.insert = db.prepare(
      'INSERT INTO transcript_entries (id, conversation_id, at_ms, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.selectConversation = db.prepare(
      'SELECT seq, doc FROM transcript_entries WHERE conversation_id = ? ORDER BY at_ms, seq',
    );
    this.rewrite = db.prepare('UPDATE transcript_entries SET doc = ? WHERE seq = ?');
  }

  async append(entry: TranscriptEntry): Promise<void> {
    const atMs = isoToMs(entry.at, 'transcript entry at');
    const doc = JSON.stringify(entry);
    this.routine.run(() => this.insert.run(entry.id, entry.conversationId, atMs, doc));
  }

  async list(conversationId: string): Promise<TranscriptEntry[]> {
    return this.selectConversation.all(conversationId).map((row) => JSON.parse(row.doc) as TranscriptEntry);
  }

  async eraseConversation(conversationId: string): Promise<number> {
    const erase = this.db.transaction((id: string) => {
      let affected = 0;
      for (const row of this.selectConversation.all(id)) {
        const entry = JSON.parse(row.doc) as TranscriptEntry;
        if (!hasErasableText(entry)) continue;
        this.rewrite.run(JSON.stringify(redactTranscriptEntry(entry)), row.seq);
        affected += 1;
      }
      return affected;
    });
    return erase.immediate(conversationId);
  }
}
