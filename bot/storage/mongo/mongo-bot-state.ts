import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { StateHousekeeping } from '../app-store';
import type { Model } from 'mongoose';
import { eTagConflictError, isUnconditionalWrite, newETag } from '../shared/etag-conflict';
import { isDuplicateKeyError } from './mongo-errors';
import type { BotStateDoc } from './mongo-models';

/**
 * Bot Framework state with MemoryStorage semantics. The eTag check is the filter of a single
 * updateOne; a new key is created with insertOne so the unique _id decides between racers.
 */
export class MongoBotState implements Storage, StateHousekeeping {
  constructor(private readonly model: Model<BotStateDoc>) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const docs = await this.model.find({ _id: { $in: keys } }).lean<BotStateDoc[]>();
    for (const doc of docs) items[doc._id] = { ...(JSON.parse(doc.data) as StoreItem), eTag: doc.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes)) await this.writeOne(key, item as StoreItem);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length > 0) await this.model.deleteMany({ _id: { $in: keys } });
  }

  async deleteIdle(keyPrefix: string, idleForMs: number): Promise<number> {
    if (keyPrefix === '') throw new RangeError('a key prefix is required');
    const result = await this.model.deleteMany({
      _id: { $gte: keyPrefix, $lt: `${keyPrefix}\uffff` },
      updatedAt: { $lt: new Date(Date.now() - idleForMs) },
    });
    return result.deletedCount;
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...data } = item;
    const fields = { eTag: newETag(), data: JSON.stringify(data), updatedAt: new Date() };
    if (isUnconditionalWrite(eTag)) {
      await this.upsert(key, fields);
      return;
    }
    const updated = await this.model.updateOne({ _id: key, eTag: String(eTag) }, { $set: fields });
    if (updated.matchedCount === 1) return;
    try {
      // Like MemoryStorage, an eTag on an item that no longer exists does not block the write.
      await this.model.create({ _id: key, ...fields });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw eTagConflictError(key);
      throw error;
    }
  }

  private async upsert(key: string, fields: Omit<BotStateDoc, '_id'>): Promise<void> {
    try {
      await this.model.updateOne({ _id: key }, { $set: fields }, { upsert: true });
    } catch (error) {
      // Two concurrent upserts of a new key: one inserts, the other hits E11000 and now updates.
      if (!isDuplicateKeyError(error)) throw error;
      await this.model.updateOne({ _id: key }, { $set: fields });
    }
  }
}
