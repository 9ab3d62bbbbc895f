import { DialogHarness } from '../support/dialog-harness';
import { not, OPENS_CHAT, playTranscript } from '../support/dialog-transcript';

describe('emergency', () => {
  test('an emergency in the middle of an information question takes over at once', async () => {
    const harness = new DialogHarness();
    const said = await playTranscript(harness, [
      [OPENS_CHAT, 'Is it OK to keep our messages?'],
      ['yes', 'What can I help with?'],
      ['what time are you open', 'Was this helpful?'],
      [
        "i've taken all my tablets",
        ['call 999 now', 'A&E', '01632 960 999', "I've alerted the on-call crisis team", 'CR-0001', 'within 15 minutes', 'Are you safe right now?', not('Source:'), not('Glad')],
        'emergency',
      ],
      ['no', ['call 999 now']],
    ]);
    // 999 comes first, before anything else the bot says on that turn.
    expect(said[3]!.indexOf('999')).toBeLessThan(said[3]!.indexOf('alerted'));
    expect(harness.escalations.requests).toHaveLength(1);
    const request = harness.escalations.requests[0]!;
    expect(request.level).toBe('emergency');
    expect(request.reason).toMatchObject({ riskRules: ['test-emergency'], rulesVersion: 'test-rules+000000000000' });
    expect(request.contact).toMatchObject({ channel: 'webchat', conversationId: 'conv-1' });
    expect(request.conversationReference?.conversation?.id).toBe('conv-1');
  });

  test('the first message is an emergency: 999 at once, no welcome or menu first', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
    const said = await playTranscript(harness, [
      ['im going to jump off the bridge tonight', ['call 999 now', 'automated', 'alerted', 'Are you safe right now?', '1 Yes\n2 No', not('Privacy notice')], 'emergency'],
      ['yes', ["glad you're safe", '999', 'Samaritans']],
    ]);
    expect(said[0]!.startsWith('Please call 999 now')).toBe(true);
    // On SMS the sender is the phone number, so the team can call back.
    expect(harness.escalations.requests[0]!.contact.phone).toBe('+441134960123');
  });

  test('when the alert cannot be stored the person is told plainly and sent to 999', async () => {
    const harness = new DialogHarness();
    // The store is down: the alert and its retry at the end of the turn both fail.
    harness.escalations.failNext = 2;
    await playTranscript(harness, [
      ['i have a rope and i am going to use it now', ['call 999 now', 'could not be sent', not("I've alerted"), not('reference')], 'emergency'],
    ]);
    expect(harness.escalations.requests).toHaveLength(0);
  });

  test('a later emergency message gets the 999 response again but does not page twice; a failed alert is retried', async () => {
    const harness = new DialogHarness();
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['i am going to end it now', ['call 999', 'could not be sent'], 'emergency']]);
    // The next turn first stores the alert that failed (and says so), then answers the new message.
    harness.escalations.coverWith = 'CR-0001';
    await playTranscript(harness, [
      ['i mean it, i have the pills here', ["now been able to alert the crisis team (reference CR-0001)", 'call 999', 'already passed this to the crisis team (reference CR-0001)'], 'emergency'],
      ['taking them now', ['call 999', 'already passed this to the crisis team (reference CR-0001)'], 'emergency'],
    ]);
    expect(harness.escalations.requests.map((r) => r.reason.summary)).toEqual([
      'Emergency risk identified by the risk screen; the alert could not be stored at the time and was sent again',
      'Emergency risk identified by the risk screen',
      'Emergency risk identified by the risk screen',
    ]);
  });

  test('an emergency after the last one was resolved is escalated again, not answered with the old reference', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['i am going to end it now', ['call 999', "I've alerted", 'CR-0001'], 'emergency']]);
    // Weeks later in the same (SMS-style, permanent) conversation; CR-0001 has been resolved.
    await playTranscript(harness, [['ive taken everything i had', ['call 999', "I've alerted", 'CR-0002'], 'emergency']]);
    expect(harness.escalations.requests.map((r) => r.level)).toEqual(['emergency', 'emergency']);
  });

  test('with no pager configured the record is kept but nobody is promised: the person is told to call now', async () => {
    const harness = new DialogHarness();
    harness.escalations.teamPaged = false;
    await playTranscript(harness, [
      [
        'i have a rope and i am going to use it now',
        ['call 999 now', "recorded this for the crisis team (reference CR-0001)", "can't reach the on-call team", "don't wait", not("I've alerted"), not('within 15 minutes')],
        'emergency',
      ],
    ]);
    expect(harness.escalations.requests.map((r) => r.level)).toEqual(['emergency']);
  });

  test('an emergency interrupts a call-back booking', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['can someone call me back', 'What UK phone number'],
      ['actually i have just cut myself badly', ['call 999 now', 'Are you safe'], 'emergency'],
      ['0113 496 0123', ['call 999 now', not('call-back request is booked')]],
    ]);
    expect(harness.escalations.requests.map((r) => r.level)).toEqual(['emergency']);
  });
});
