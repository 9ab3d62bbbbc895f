import { DialogHarness, IN_HOURS, OUT_OF_HOURS } from '../support/dialog-harness';
import { not, OPENS_CHAT, playTranscript } from '../support/dialog-transcript';

/** Information pathways. Each row: [the person says, the bot must say, what the risk screen finds]. */
describe('information from the knowledge base', () => {
  test('opening hours, in hours: answer, "was this helpful?", then the human route', async () => {
    await playTranscript(new DialogHarness({ now: IN_HOURS }), [
      [OPENS_CHAT, ['automated', 'not for emergencies', '999', '30 days', 'https://www.example.nhs.uk/privacy', '[Yes | No]']],
      ['yes', "I'll keep our messages for 30 days"],
      ['what time are you open', ['Monday to Friday', '01632 960 100', 'Source: https://', 'Was this helpful?', '[Yes | No, talk to someone]']],
      ['no', ['Sorry that didn', 'Example Trust mental health team: 01632 960 100', '24/7 crisis line', not('NHS 111'), 'call you back?']],
      ['no', ['numbers are there whenever you need them']],
    ]);
  });

  test('out of hours the human route is 111 option 2, the crisis line, Samaritans, Shout and the GP route', async () => {
    await playTranscript(new DialogHarness({ now: OUT_OF_HOURS }), [
      [OPENS_CHAT, 'Is it OK to keep our messages?'],
      ['no', "I won't keep what you write"],
      ['what time are you open', 'Was this helpful?'],
      [
        'no',
        [
          'NHS 111, option 2',
          '01632 960 999',
          'Samaritans: 116 123',
          'Shout: 85258',
          'Out-of-hours GP',
          not('Example Trust mental health team'),
          not('Childline'),
        ],
      ],
    ]);
  });

  test('a medication question is sent to a pharmacist, the GP or 111, never answered', async () => {
    await playTranscript(new DialogHarness(), [
      ['can i take ibuprofen with my antidepressants', ['automated', 'pharmacist', 'GP', 'NHS 111', 'Was this helpful?', not(/\bmg\b/)]],
      ['yes', ['Glad that helped', 'Is it OK to keep our messages?']],
    ]);
  });

  test('uncertain recognition offers "did you mean" choices', async () => {
    await playTranscript(new DialogHarness(), [
      ['hello', 'Is it OK to keep our messages?'],
      ['yes', 'What can I help with?'],
      ['referral', ['Did you mean:', 'Something else']],
      ['1', ['refer', 'Was this helpful?']],
    ]);
  });

  test('nothing recognised: a helpful menu, not a wrong answer', async () => {
    await playTranscript(new DialogHarness(), [
      ['hi', 'Is it OK to keep our messages?'],
      ['no', 'What can I help with?'],
      ['purple elephants dancing', ["didn't understand", 'Ask a question', 'Numbers to call now', 'Ask for a call back', 'Delete my data', not('Source:')]],
      ['Numbers to call now', ['01632 960 999', 'call you back?']],
    ]);
  });

  test('"help" in the middle of a question shows the menu; "start over" starts again', async () => {
    await playTranscript(new DialogHarness(), [
      ['hi', 'Is it OK to keep our messages?'],
      ['help', ['Ask a question', 'Delete my data']],
      ['ask a question', 'Type your question'],
      ['what time are you open', 'Was this helpful?'],
      ['start over', ["let's start again", 'Ask a question']],
    ]);
  });

  test('a reply that is not an answer is treated as a new question', async () => {
    await playTranscript(new DialogHarness(), [
      ['what time are you open', 'Was this helpful?'],
      ['can i take ibuprofen with my antidepressants', ['pharmacist', 'Was this helpful?']],
    ]);
  });
});

describe('text-only channels (SMS)', () => {
  test('choices are numbered and "1"/"2" replies work; every message fits SMS', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123', now: OUT_OF_HOURS });
    const said = await playTranscript(harness, [
      ['hi', ['automated', '1 Yes\n2 No', 'Reply with a number', not('[Yes')]],
      ['1', "I'll keep our messages"],
      ['what time are you open', ['Was this helpful?', '1 Yes\n2 No, talk to someone']],
      ['2', ['NHS 111', 'Samaritans', '1 Yes\n2 No']],
      ['2', 'numbers are there'],
      ['help', ["1 I'm not feeling safe", '2 Ask a question', '3 Numbers to call now', '4 Ask for a call back', '5 Delete my data']],
      ['4', 'What UK phone number'],
    ]);
    for (const turn of said) for (const message of turn.split('\n---\n')) expect(message.length).toBeLessThanOrEqual(480);
  });
});
