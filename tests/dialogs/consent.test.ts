import { ActivityTypes } from 'botbuilder';
import { DialogHarness } from '../support/dialog-harness';
import { not, OPENS_CHAT, playTranscript } from '../support/dialog-transcript';

async function storedTexts(harness: DialogHarness): Promise<string[]> {
  return (await harness.transcripts.list(harness.conversationId)).flatMap((e) => (e.text === undefined ? [] : [e.text]));
}

describe('welcome and consent', () => {
  test('yes: messages are kept from then on', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      [OPENS_CHAT, ['automated', 'not a person', 'not for emergencies', '999', 'for 30 days', 'Privacy notice: https://']],
      ['yes', "I'll keep our messages for 30 days"],
      ['what time are you open', 'Was this helpful?'],
    ]);
    const texts = await storedTexts(harness);
    expect(texts).toContain('what time are you open');
    expect(texts.some((t) => t.includes('Monday to Friday'))).toBe(true);
  });

  test('no: only the safety record is kept, and everything still works', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      [OPENS_CHAT, 'Is it OK to keep our messages?'],
      ['no thanks', "I won't keep what you write"],
      ['what time are you open', 'Was this helpful?'],
      ['i want to die', 'wished you were dead', 'urgent'],
    ]);
    expect(await storedTexts(harness)).toEqual([]);
    const entries = await harness.transcripts.list(harness.conversationId);
    expect(entries.filter((e) => e.direction === 'inbound' && e.screening?.level === 'urgent')).toHaveLength(1);
  });

  test('never blocks help: a first message that is a question is answered first; consent is asked afterwards', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['what time are you open', ['automated service', 'Monday to Friday', 'Was this helpful?', not('Is it OK to keep')]],
      ['yes', ['Glad that helped', 'Is it OK to keep our messages?']],
      ['yes', "I'll keep our messages"],
    ]);
    // Nothing was kept before the person said yes.
    expect(await storedTexts(harness)).not.toContain('what time are you open');
  });

  test('a disclosure first: the safety check runs, consent is not asked in the middle of it', async () => {
    await playTranscript(new DialogHarness(), [
      ['i dont want to live anymore', ['automated', 'wished you were dead', not('Is it OK to keep')], 'urgent'],
      ['no', [not('Is it OK to keep')]],
    ]);
  });

  test('a question instead of yes/no is answered, and "yes" is still accepted later', async () => {
    await playTranscript(new DialogHarness(), [
      [OPENS_CHAT, 'Is it OK to keep our messages?'],
      ['what time are you open', ['Monday to Friday', 'Was this helpful?']],
      ['yes', 'Glad that helped'],
      ['yes', "I'll keep our messages"],
    ]);
  });

  test('the welcome is sent once, when a person joins (not when only the bot is added)', async () => {
    const harness = new DialogHarness();
    const bot = harness.adapter.conversation.bot!;
    expect(await harness.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [bot], recipient: bot })).toHaveLength(0);
    await playTranscript(harness, [
      [OPENS_CHAT, 'Is it OK to keep our messages?'],
      [OPENS_CHAT, not('Is it OK')],
    ]);
  });
});
