import { Types, type Model } from 'mongoose';
import type { ScreeningResult } from '../../../escalation/risk/screening-result';
import { isoToMs } from '../shared/iso-time';
import { hasErasableText, redactTranscriptEntry } from '../shared/redact-transcript-entry';
import type { TranscriptDirection, TranscriptEntry, TranscriptRetention, TranscriptStore } from '../transcript-store';
import { isDuplicateKeyError } from './mongo-errors';
import type { TranscriptDoc } from './mongo-models';

/** Entries examined per query, so a large first sweep is done in bounded round trips. */
const RETENTION_BATCH = 500;

/**
 * Append-only transcript. Listed by `at`, then append order; re-appending a stored id is a
 * no-op so at-least-once callers can retry.
 */
export class MongoTranscriptStore implements TranscriptStore, TranscriptRetention {
  constructor(private readonly model: Model<TranscriptDoc>) {}

  async append(entry: TranscriptEntry): Promise<void> {
    await this.insertIgnoringDuplicate(toDoc(entry));
  }

  /** One insertMany round trip; a batch holding an id already stored is retried one by one, skipping it. */
  async appendMany(entries: readonly TranscriptEntry[]): Promise<void> {
    const docs = entries.map(toDoc);
    if (docs.length === 0) return;
    try {
      await this.model.insertMany(docs, { ordered: false });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Servers differ on whether an unordered batch goes on past a duplicate; one by one is
      // exact on all of them (same docs and order, duplicates skipped as append skips them).
      for (const doc of docs) await this.insertIgnoringDuplicate(doc);
    }
  }

  async list(conversationId: string): Promise<TranscriptEntry[]> {
    const docs = await this.model.find({ conversationId }).sort({ atMs: 1, seq: 1 }).lean<TranscriptDoc[]>();
    return docs.map(fromDoc);
  }

  async eraseConversation(conversationId: string): Promise<number> {
    let affected = 0;
    for (const entry of await this.list(conversationId)) {
      if (!hasErasableText(entry)) continue;
      const redacted = redactTranscriptEntry(entry);
      const update: Record<string, unknown> = { $unset: { text: '' } };
      if (redacted.screening) update.$set = { screening: JSON.stringify(redacted.screening) };
      await this.model.updateOne({ _id: entry.id }, update);
      affected += 1;
    }
    return affected;
  }

  async eraseTextBefore(before: string, keep: ReadonlySet<string>): Promise<{ entries: number; conversations: string[] }> {
    const beforeMs = isoToMs(before, 'retention cut-off');
    const conversations = new Set<string>();
    let entries = 0;
    let after: { atMs: number; id: string } | undefined;
    for (;;) {
      // Walks retention_due_at in order from a (time, _id) cursor; entries of kept conversations stay due and
      // are stepped over. `null` also matches entries written before the field existed.
      const filter: Record<string, unknown> = { retentionDone: { $in: [false, null] }, atMs: { $lt: beforeMs } };
      if (after !== undefined) filter.$or = [{ atMs: { $gt: after.atMs } }, { atMs: after.atMs, _id: { $gt: after.id } }];
      const docs = await this.model.find(filter).sort({ atMs: 1, _id: 1 }).limit(RETENTION_BATCH).lean<TranscriptDoc[]>();
      // Whole-value updates ($set/$unset), so a repeat after a crash is harmless. Entries without a screening
      // result take the same update and go in one updateMany; a redacted screening result differs per entry.
      const untouched: string[] = [];
      const textOnly: string[] = [];
      const withScreening: Parameters<Model<TranscriptDoc>['bulkWrite']>[0] = [];
      for (const doc of docs) {
        after = { atMs: doc.atMs, id: doc._id };
        if (keep.has(doc.conversationId)) continue;
        conversations.add(doc.conversationId);
        const entry = fromDoc(doc);
        if (!hasErasableText(entry)) {
          untouched.push(doc._id);
          continue;
        }
        entries += 1;
        const redacted = redactTranscriptEntry(entry);
        if (!redacted.screening) {
          textOnly.push(doc._id);
          continue;
        }
        const set = { retentionDone: true, screening: JSON.stringify(redacted.screening) };
        withScreening.push({ updateOne: { filter: { _id: doc._id }, update: { $set: set, $unset: { text: '' } } } });
      }
      if (untouched.length > 0) await this.model.updateMany({ _id: { $in: untouched } }, { $set: { retentionDone: true } });
      if (textOnly.length > 0) await this.model.updateMany({ _id: { $in: textOnly } }, { $set: { retentionDone: true }, $unset: { text: '' } });
      if (withScreening.length > 0) await this.model.bulkWrite(withScreening, { ordered: false });
      if (docs.length < RETENTION_BATCH) break;
    }
    return { entries, conversations: [...conversations] };
  }

  private async insertIgnoringDuplicate(doc: TranscriptDoc): Promise<void> {
    try {
      await this.model.create(doc);
    } catch (error) {
      if (!isDuplicateKeyError(error, { name: '_id_', field: '_id' })) throw error;
    }
  }
}

function toDoc(entry: TranscriptEntry): TranscriptDoc {
  const doc: TranscriptDoc = {
    _id: entry.id,
    conversationId: entry.conversationId,
    channel: entry.channel,
    direction: entry.direction,
    at: entry.at,
    atMs: isoToMs(entry.at, 'transcript entry at'),
    seq: new Types.ObjectId(),
    type: entry.type,
  };
  if (entry.text !== undefined) doc.text = entry.text;
  if (entry.screening !== undefined) doc.screening = JSON.stringify(entry.screening);
  return doc;
}

function fromDoc(doc: TranscriptDoc): TranscriptEntry {
  const entry: TranscriptEntry = {
    id: doc._id,
    conversationId: doc.conversationId,
    channel: doc.channel,
    direction: doc.direction as TranscriptDirection,
    at: doc.at,
    type: doc.type,
  };
  if (doc.text !== undefined && doc.text !== null) entry.text = doc.text;
  if (doc.screening !== undefined && doc.screening !== null) entry.screening = JSON.parse(doc.screening) as ScreeningResult;
  return entry;
}
