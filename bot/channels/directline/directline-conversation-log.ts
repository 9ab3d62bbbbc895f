import type { Activity, Storage } from 'botbuilder';
import type { Clock } from '../../../config/clock';
import type { StateHousekeeping } from '../../storage/app-store';

const KEY_PREFIX = 'channels/directline/conversation/';

interface StoredConversation {
  userId: string;
  createdAt: string;
  updatedAt: string;
  /** Absolute index of activities[0]; older activities have been dropped. */
  firstIndex: number;
  activities: Partial<Activity>[];
  eTag?: string;
}

export interface DirectLineLogOptions {
  /** Activities kept per conversation; older ones are dropped (the watermark stays absolute). */
  maxActivities?: number;
  /** A conversation idle for longer than this is gone (404), as on Azure. */
  idleExpiryMs?: number;
  /** Retries of an append that lost an eTag race with another writer. */
  maxWriteAttempts?: number;
}

const DEFAULTS = { maxActivities: 500, idleExpiryMs: 24 * 60 * 60 * 1000, maxWriteAttempts: 8 };

const isETagConflict = (error: unknown) => error instanceof Error && /eTag conflict/i.test(error.message);

/**
 * The per-conversation activity log behind GET .../activities?watermark=N, kept in the bot's state
 * store (SQLite or MongoDB) rather than memory, so a proactive message sent hours later (a
 * clinician accepted the alert) or after a restart still reaches the open chat page.
 */
export class DirectLineConversationLog {
  private readonly settings: Required<DirectLineLogOptions>;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    options: DirectLineLogOptions = {},
  ) {
    this.settings = { ...DEFAULTS, ...options };
  }

  private key(conversationId: string): string {
    return `${KEY_PREFIX}${conversationId}`;
  }

  /**
   * Deletes every log idle for longer than the expiry. The log holds message text only to deliver it,
   * and a conversation nobody comes back to would otherwise keep it for ever.
   */
  async deleteIdle(housekeeping: StateHousekeeping): Promise<number> {
    return housekeeping.deleteIdle(KEY_PREFIX, this.settings.idleExpiryMs);
  }

  async create(conversationId: string, userId: string): Promise<void> {
    const now = this.clock.now().toISOString();
    const record: StoredConversation = { userId, createdAt: now, updatedAt: now, firstIndex: 0, activities: [] };
    await this.storage.write({ [this.key(conversationId)]: { ...record, eTag: '*' } });
  }

  async exists(conversationId: string): Promise<boolean> {
    return (await this.load(conversationId)) !== undefined;
  }

  /** Appends with ids "<conversation>|<index>", retrying on concurrent writers; returns the ids. */
  async append(conversationId: string, activities: Partial<Activity>[]): Promise<string[]> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.load(conversationId);
      if (!stored) throw new Error(`Direct Line conversation ${conversationId} does not exist or has expired`);
      const next = stored.firstIndex + stored.activities.length;
      const stamped = activities.map((a, i) => ({ ...a, id: `${conversationId}|${String(next + i).padStart(7, '0')}` }));
      const all = [...stored.activities, ...stamped];
      const dropped = Math.max(0, all.length - this.settings.maxActivities);
      const updated: StoredConversation = {
        ...stored,
        updatedAt: this.clock.now().toISOString(),
        firstIndex: stored.firstIndex + dropped,
        activities: all.slice(dropped),
      };
      try {
        await this.storage.write({ [this.key(conversationId)]: updated });
        return stamped.map((a) => a.id);
      } catch (error) {
        if (!isETagConflict(error) || attempt >= this.settings.maxWriteAttempts) throw error;
      }
    }
  }

  /**
   * "Delete my data": drops every activity kept so far (the page has already shown them; a reload shows
   * nothing). Watermarks stay absolute, so an open page goes on receiving new replies. Returns how many.
   */
  async eraseActivities(conversationId: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.load(conversationId);
      if (!stored || stored.activities.length === 0) return 0;
      const erased = stored.activities.length;
      const updated: StoredConversation = { ...stored, firstIndex: stored.firstIndex + erased, activities: [] };
      try {
        await this.storage.write({ [this.key(conversationId)]: updated });
        return erased;
      } catch (error) {
        if (!isETagConflict(error) || attempt >= this.settings.maxWriteAttempts) throw error;
      }
    }
  }

  /** Activities from absolute index `watermark` on, and the watermark to ask with next time. */
  async read(conversationId: string, watermark: number): Promise<{ activities: Partial<Activity>[]; watermark: string } | undefined> {
    const stored = await this.load(conversationId);
    if (!stored) return undefined;
    const from = Math.max(0, watermark - stored.firstIndex);
    return {
      activities: stored.activities.slice(from),
      watermark: String(stored.firstIndex + stored.activities.length),
    };
  }

  private async load(conversationId: string): Promise<StoredConversation | undefined> {
    const key = this.key(conversationId);
    const stored = (await this.storage.read([key]))[key] as StoredConversation | undefined;
    if (!stored) return undefined;
    if (this.clock.now().getTime() - Date.parse(stored.updatedAt) > this.settings.idleExpiryMs) {
      // The log holds message text only to deliver it; an expired one is deleted when next touched.
      await this.storage.delete([key]);
      return undefined;
    }
    return stored;
  }
}
