import type { Database, Statement, Transaction } from 'better-sqlite3';
import { isoToMs } from '../shared/iso-time';
import { hasErasableText, redactTranscriptEntry } from '../shared/redact-transcript-entry';
import type { TranscriptEntry, TranscriptRetention, TranscriptStore } from '../transcript-store';
import { RoutineDurability } from './sqlite-durability';

type InsertRow = [id: string, conversationId: string, atMs: number, doc: string];

interface TranscriptRow {
  seq: number;
  doc: string;
}

interface RetentionRow extends TranscriptRow {
  conversation_id: string;
  at_ms: number;
}

/** Rows examined per transaction, so a large first sweep never holds the database for long. */
const RETENTION_BATCH = 500;

/**
 * Append-only transcript. Entries are listed by `at`, then in append order; re-appending an
 * id that is already stored is a no-op so at-least-once callers can retry safely. Appends commit
 * with routine durability (see sqlite-durability.ts); erasure ("delete my data") stays FULL.
 */
export class SqliteTranscriptStore implements TranscriptStore, TranscriptRetention {
  private readonly insert: Statement<[string, string, number, string]>;
  private readonly selectConversation: Statement<[string], TranscriptRow>;
  private readonly rewrite: Statement<[string, number]>;
  private readonly insertAll: Transaction<(rows: readonly InsertRow[]) => void>;
  private readonly selectRetentionDue: Statement<[number, number, number, number], RetentionRow>;
  private readonly markRetentionDone: Statement<[number]>;

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
    // Walks transcript_entries_retention_due in order from a (time, seq) cursor, so each batch reads only its rows.
    this.selectRetentionDue = db.prepare(
      `SELECT seq, doc, conversation_id, at_ms FROM transcript_entries INDEXED BY transcript_entries_retention_due
       WHERE retention_done = 0 AND at_ms < ? AND (at_ms, seq) > (?, ?) ORDER BY at_ms, seq LIMIT ?`,
    );
    this.markRetentionDone = db.prepare('UPDATE transcript_entries SET retention_done = 1 WHERE seq = ?');
    this.insertAll = db.transaction((rows: readonly InsertRow[]) => {
      for (const row of rows) this.insert.run(...row);
    });
  }

  async append(entry: TranscriptEntry): Promise<void> {
    const [id, conversationId, atMs, doc] = toRow(entry);
    this.routine.run(() => this.insert.run(id, conversationId, atMs, doc));
  }

  /** One transaction (one commit) for the lot: a turn's replies cost one write, not one each. */
  async appendMany(entries: readonly TranscriptEntry[]): Promise<void> {
    // Every entry is validated before anything is written, so a bad one cannot leave half a batch.
    const rows = entries.map(toRow);
    if (rows.length === 0) return;
    this.routine.run(() => this.insertAll.immediate(rows));
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

  async eraseTextBefore(before: string, keep: ReadonlySet<string>): Promise<{ entries: number; conversations: string[] }> {
    const beforeMs = isoToMs(before, 'retention cut-off');
    const conversations = new Set<string>();
    let entries = 0;
    let afterAtMs = Number.MIN_SAFE_INTEGER;
    let afterSeq = 0;
    // Entries of kept conversations stay due (retention_done = 0) and are stepped over by the cursor.
    const sweepBatch = this.db.transaction(() => {
      const rows = this.selectRetentionDue.all(beforeMs, afterAtMs, afterSeq, RETENTION_BATCH);
      for (const row of rows) {
        afterAtMs = row.at_ms;
        afterSeq = row.seq;
        if (keep.has(row.conversation_id)) continue;
        conversations.add(row.conversation_id);
        const entry = JSON.parse(row.doc) as TranscriptEntry;
        if (hasErasableText(entry)) {
          this.rewrite.run(JSON.stringify(redactTranscriptEntry(entry)), row.seq);
          entries += 1;
        }
        this.markRetentionDone.run(row.seq);
      }
      return rows.length;
    });
    while (sweepBatch.immediate() === RETENTION_BATCH) {
      // Let turns in flight run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { entries, conversations: [...conversations] };
  }
}

function toRow(entry: TranscriptEntry): InsertRow {
  return [entry.id, entry.conversationId, isoToMs(entry.at, 'transcript entry at'), JSON.stringify(entry)];
}
