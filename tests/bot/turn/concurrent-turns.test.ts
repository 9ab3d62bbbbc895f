import { MemoryStorage, type StoreItems } from 'botbuilder';
import { DialogHarness } from '../../support/dialog-harness';
import { playTranscript } from '../../support/dialog-transcript';

/** MemoryStorage behind a network-like delay, as MongoDB is: turns of one conversation can interleave around it. */
class DelayedStorage extends MemoryStorage {
  private static pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 2));
  }

  override async read(keys: string[]): Promise<StoreItems> {
    await DelayedStorage.pause();
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    await DelayedStorage.pause();
    return super.write(changes);
  }
}

describe("one conversation's turns run one after another (TriageBot's turn queue)", () => {
  it('four answers sent at once over a store with I/O delays are all counted', async () => {
    const harness = new DialogHarness({ storage: new DelayedStorage() });
    await playTranscript(harness, [['i wish i wasnt here', 'wished you were dead', 'urgent']]);
    await Promise.all(['yes', 'yes', 'yes', 'yes'].map((text) => harness.receive({ type: 'message', text })));
    const items = await harness.storage.read([`webchat/conversations/${harness.conversationId}/`]);
    const triage = (items[`webchat/conversations/${harness.conversationId}/`] as { triage?: { unfinishedSafetyCheck?: { answers: string[] } } }).triage;
    expect(triage?.unfinishedSafetyCheck?.answers).toEqual(['yes', 'yes', 'yes', 'yes']);
  });
});
