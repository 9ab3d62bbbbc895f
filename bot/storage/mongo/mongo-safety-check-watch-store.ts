import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { EscalationRequest } from '../../../dialogs/ports/escalation-requester';
import type { DueSafetyCheckWatch, SafetyCheckWatchStore } from '../safety-check-watch-store';
import { validateClaimArguments } from '../shared/escalation-patch';
import { watchFromStored } from '../shared/stored-safety-check-watch';
import { isDuplicateKeyError } from './mongo-errors';
import type { SafetyCheckWatchDoc } from './mongo-models';

function watchFromDoc(doc: SafetyCheckWatchDoc): DueSafetyCheckWatch {
  const { _id: conversationId, dueAtMs: dueMs, request: requestJson, ...lease } = doc;
  return watchFromStored({ conversationId, dueMs, requestJson, ...lease });
}

/**
 * One document per conversation (_id = conversation id). A claim is an updateOne filtered on the arming and on a
 * free lease, so of two rival workers only one matches.
 */
export class MongoSafetyCheckWatchStore implements SafetyCheckWatchStore {
  constructor(private readonly model: Model<SafetyCheckWatchDoc>) {}

  async arm(request: EscalationRequest, dueAt: Date): Promise<string> {
    const armId = randomUUID();
    const conversationId = request.contact.conversationId;
    const fields = { dueAtMs: dueAt.getTime(), armId, leaseOwner: null, leaseUntilMs: null, request: JSON.stringify(request) };
    try {
      await this.model.updateOne({ _id: conversationId }, { $set: fields }, { upsert: true });
    } catch (error) {
      // Two turns of one conversation arming at once: one inserts, the other hits E11000 and now updates.
      if (!isDuplicateKeyError(error)) throw error;
      await this.model.updateOne({ _id: conversationId }, { $set: fields });
    }
    return armId;
  }

  async disarm(conversationId: string): Promise<void> {
    await this.model.deleteOne({ _id: conversationId });
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<DueSafetyCheckWatch[]> {
    validateClaimArguments(owner, leaseMs, limit);
    if (limit === 0) return [];
    const nowMs = now.getTime();
    const leaseFree = { $or: [{ leaseUntilMs: null }, { leaseUntilMs: { $lte: nowMs } }] };
    const candidates = await this.model
      .find({ dueAtMs: { $lte: nowMs }, ...leaseFree })
      .sort({ dueAtMs: 1, _id: 1 })
      .limit(limit)
      .lean<SafetyCheckWatchDoc[]>();
    const claimed: DueSafetyCheckWatch[] = [];
    for (const doc of candidates) {
      const lease = { leaseOwner: owner, leaseUntilMs: nowMs + leaseMs };
      const result = await this.model.updateOne({ _id: doc._id, armId: doc.armId, ...leaseFree }, { $set: lease });
      if (result.matchedCount === 1) claimed.push(watchFromDoc({ ...doc, ...lease }));
    }
    return claimed;
  }

  async complete(conversationId: string, armId: string): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: conversationId, armId });
    return result.deletedCount === 1;
  }
}
