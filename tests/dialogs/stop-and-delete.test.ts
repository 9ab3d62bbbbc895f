import { DialogHarness } from '../support/dialog-harness';
import { not, playTranscript, type TranscriptTurn } from '../support/dialog-transcript';

const DELETED = ["I've deleted", 'The safety record stays', 'crisis numbers are still here', '999', '116 123', '85258'];

async function storedTexts(harness: DialogHarness): Promise<string[]> {
  return (await harness.transcripts.list(harness.conversationId)).flatMap((e) => (e.text === undefined ? [] : [e.text]));
}

describe('"stop" / "delete my data" works on every path', () => {
  const paths: [string, TranscriptTurn[]][] = [
    ['information', [['what time are you open', 'Was this helpful?']]],
    ['the call-back booking (after giving a number)', [['call me back', 'What UK phone number'], ['0113 496 0123', 'When is best']]],
    ['the safety questions', [['i want to die', 'wished you were dead', 'urgent'], ['no', 'better off']]],
    ['the emergency response', [['i have taken an overdose', 'Are you safe right now?', 'emergency']]],
    ['the third-party advice', [['my dad says he wants to kill himself', 'call you back about this?', { level: 'urgent', subject: 'other' }]]],
    ['the menu', [['help', 'Ask a question']]],
    ['the consent question', []],
  ];

  test.each(paths)('during %s', async (_path, turns) => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['hi', 'Is it OK to keep our messages?'],
      ...(turns.length > 0 ? ([['yes', "I'll keep our messages"]] as TranscriptTurn[]) : []),
      ...turns,
    ]);
    const before = await storedTexts(harness);
    const escalationsBefore = harness.escalations.requests.length;
    await playTranscript(harness, [['stop', [...DELETED, 'https://www.example.nhs.uk/privacy']]]);
    // Message text is gone; the entries (with the risk screen's results) remain as the safety record.
    expect(await storedTexts(harness)).toEqual([]);
    if (turns.length > 0) expect(before.length).toBeGreaterThan(0);
    const entries = await harness.transcripts.list(harness.conversationId);
    expect(entries.length).toBeGreaterThan(0);
    // The dialog is gone: the next message starts afresh, and nothing more is kept.
    await playTranscript(harness, [['what time are you open', ['Was this helpful?', not('wished you were dead')]]]);
    expect(await storedTexts(harness)).toEqual([]);
    expect(harness.escalations.requests.length).toBe(escalationsBefore);
  });

  test('"delete my data" from the menu, on SMS, by number', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
    await playTranscript(harness, [
      ['hi', 'Reply with a number'],
      ['1', "I'll keep our messages"],
      ['menu', '4 Delete my data'],
      ['4', [...DELETED, not('0 saved messages')]],
    ]);
    expect(await storedTexts(harness)).toEqual([]);
  });

  test('the person is told when nothing could be deleted', async () => {
    const harness = new DialogHarness();
    harness.transcripts.eraseConversation = async () => {
      throw new Error('store down');
    };
    await playTranscript(harness, [['delete my data', ["couldn't delete", 'crisis numbers are still here']]]);
  });
});
