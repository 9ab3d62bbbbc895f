import type { Storage } from 'botbuilder';

export type TwilioChannelId = 'sms' | 'whatsapp';

/** Where replies for one conversation go. The only place the raw number is kept. */
export interface SmsAddress {
  channelId: TwilioChannelId;
  /** The person's address as Twilio gave it: "+447700900123" or "whatsapp:+447700900123". */
  personAddress: string;
  /** Our number they wrote to; replies come from the same number. */
  serviceAddress: string;
  addressHash: string;
}

/**
 * Conversation ids and logs carry only a hash of the number; to reply later (proactively, after a
 * clinician accepts an alert) the adapter looks the number up here, in the state store.
 */
export class SmsAddressBook {
  constructor(private readonly storage: Storage) {}

  private key(conversationId: string): string {
    return `channels/twilio/address/${conversationId}`;
  }

  async remember(conversationId: string, address: SmsAddress): Promise<void> {
    await this.storage.write({ [this.key(conversationId)]: { ...address, eTag: '*' } });
  }

  async lookup(conversationId: string): Promise<SmsAddress | undefined> {
    const key = this.key(conversationId);
    const item = (await this.storage.read([key]))[key] as (SmsAddress & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { channelId, personAddress, serviceAddress, addressHash } = item;
    return { channelId, personAddress, serviceAddress, addressHash };
  }
}
