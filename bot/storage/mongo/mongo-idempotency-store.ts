import type { Model } from 'mongoose';
import type { IdempotencyStore } from '../../../escalation/ports/idempotency-store';
import { isDuplicateKeyError } from './mongo-errors';
import type { IdempotencyDoc } from './mongo-models';

/** The unique _id decides: only the first insert of a key succeeds, from any process. */
export class MongoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly model: Model<IdempotencyDoc>) {}

  async claimOnce(key: string, now: Date): Promise<boolean> {
    if (!key) throw new Error('idempotency key is required');
    try {
      await this.model.create({ _id: key, firstSeenAt: now });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
