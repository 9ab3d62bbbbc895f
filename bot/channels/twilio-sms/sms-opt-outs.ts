import type { Storage } from 'botbuilder';

interface OptOutRecord {
  optedOut: boolean;
  changedAt: string;
}

/**
 * Carrier opt-outs (STOP ... START), kept in the bot's state store under the hashed address, so
 * they survive restarts and hold on every instance. No raw number is stored here.
 */
export class SmsOptOuts {
  constructor(private readonly storage: Storage) {}

  private key(addressHash: string): string {
    return `channels/twilio/opt-out/${addressHash}`;
  }

  async isOptedOut(addressHash: string): Promise<boolean> {
    const key = this.key(addressHash);
    const items = await this.storage.read([key]);
    return (items[key] as OptOutRecord | undefined)?.optedOut === true;
  }

  async set(addressHash: string, optedOut: boolean, at: Date): Promise<void> {
    const record: OptOutRecord & { eTag: string } = { optedOut, changedAt: at.toISOString(), eTag: '*' };
    await this.storage.write({ [this.key(addressHash)]: record });
  }
}
