import { DialogHarness, OUT_OF_HOURS } from '../support/dialog-harness';
import { not, playTranscript } from '../support/dialog-transcript';

describe('call-back requests', () => {
  test('invalid then valid number, preferred time, consent; confirmed only once stored', async () => {
    // Tuesday evening: the next working day is Wednesday.
    const harness = new DialogHarness({ now: OUT_OF_HOURS });
    await playTranscript(harness, [
      ['can someone call me back', ['next working day (Wednesday 4 March)', 'What UK phone number']],
      ['12345', ["doesn't look like a UK phone number", '0113 496 0123']],
      ['+33 6 12 34 56 78', "doesn't look like a UK phone number"],
      ['0113 496 0123', ['When is best', 'Morning', 'Afternoon', 'Any time']],
      ['afternoon', 'Can the team call you on 0113 496 0123 on Wednesday 4 March (afternoon)?'],
      ['yes', ['call-back request is booked (reference CR-0001)', 'Wednesday 4 March (afternoon)', '999']],
    ]);
    expect(harness.escalations.requests).toHaveLength(1);
    expect(harness.escalations.requests[0]).toMatchObject({
      level: 'callback',
      contact: { phone: '+441134960123', preferredTime: 'afternoon', consentToContact: true, channel: 'webchat' },
    });
  });

  test('when the request cannot be stored nothing is promised', async () => {
    const harness = new DialogHarness();
    harness.escalations.failNext = 1;
    await playTranscript(harness, [
      ['call me back', 'What UK phone number'],
      ['0113 496 0123', 'When is best'],
      ['any time', 'Can the team call you on 0113 496 0123'],
      ['yes', ["couldn't book the call", "don't wait for one", '01632 960 999', not('booked (reference')]],
    ]);
    expect(harness.escalations.requests).toHaveLength(0);
  });

  test('no consent: the number is not passed on', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['call me back', 'What UK phone number'],
      ['0113 496 0123', 'When is best'],
      ['1', 'Can the team call you on 0113 496 0123'],
      ['no', "I won't pass your number on"],
    ]);
    expect(harness.escalations.requests).toHaveLength(0);
  });

  test('three unreadable numbers: gives up kindly with numbers to call', async () => {
    await playTranscript(new DialogHarness(), [
      ['call me back', 'What UK phone number'],
      ['abc', "doesn't look like"],
      ['123', "doesn't look like"],
      ['07400 1234', ["couldn't read a UK phone number", '01632 960 100', '01632 960 999']],
    ]);
  });

  test('"cancel" backs out', async () => {
    await playTranscript(new DialogHarness(), [
      ['call me back', 'What UK phone number'],
      ['cancel', "I won't arrange a call"],
    ]);
  });
});
