import { DialogHarness } from '../support/dialog-harness';
import { not, playTranscript } from '../support/dialog-transcript';

const Q1 = 'wished you were dead';
const Q2 = 'better off if you were dead';
const Q3 = 'thoughts about killing yourself';
const Q4 = 'ever tried to kill yourself';
const Q5 = 'thoughts of killing yourself right now';

describe('safety check (ASQ) for urgent risk', () => {
  test('negative: no to all four, Q5 not asked, support and numbers', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i feel like i cant go on anymore', ['automated', 'a few short questions', Q1, '[Yes | No]'], 'urgent'],
      ['no', Q2],
      ['nope', Q3],
      ['no never', Q4],
      ['no', ['Thank you for answering', '01632 960 999', 'call you back?', not(Q5)]],
      ['no', 'numbers are there'],
      // The conversation stays urgent, but the safety check is not run again on later messages.
      ['what time are you open', ['Was this helpful?', not(Q1)]],
    ]);
    expect(harness.escalations.requests).toHaveLength(0);
  });

  test('non-acute positive: yes to any of 1-4, no to 5 → urgent escalation, phone call with consent', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i want to die', Q1, 'urgent'],
      ['sort of', Q2],
      ['idk', Q3],
      ['no', Q4],
      ['no', Q5],
      ['no', ['Thank you for telling me', 'phone you today?']],
      ['yes', 'What UK phone number'],
      ['0113 496 0123', ['Can the team call you on 0113 496 0123 today?']],
      ['yes', ["I've asked the crisis team to call you on 0113 496 0123", 'CR-0001', '999']],
    ]);
    expect(harness.escalations.requests).toHaveLength(1);
    const request = harness.escalations.requests[0]!;
    expect(request.level).toBe('urgent');
    expect(request.reason.asqOutcome).toBe('non-acute-positive');
    expect(request.reason.summary).toBe('ASQ: Q1 unclear, Q2 unclear, Q3 no, Q4 no, Q5 no -> non acute positive');
    expect(request.contact).toMatchObject({ phone: '+441134960123', consentToContact: true });
  });

  test('non-acute positive without consent to a call: the team is told, no call is promised', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['everyone would be better off without me', Q1, 'urgent'],
      ['yes', Q2],
      ['yes', Q3],
      ['no', Q4],
      ['no', Q5],
      ['no', ['phone you today?']],
      ['no', ["I've let the crisis team know", 'CR-0001', not('call you on')]],
    ]);
    expect(harness.escalations.requests[0]).toMatchObject({ level: 'urgent', contact: { consentToContact: false } });
    expect(harness.escalations.requests[0]!.contact.phone).toBeUndefined();
  });

  test('non-acute positive with no pager configured: recorded, and the person is told not to wait for a call', async () => {
    const harness = new DialogHarness();
    harness.escalations.teamPaged = false;
    await playTranscript(harness, [
      ['everyone would be better off without me', Q1, 'urgent'],
      ['yes', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', Q5],
      ['no', ['phone you today?']],
      ['yes', 'What UK phone number'],
      ['0113 496 0123', ['Can the team call you on 0113 496 0123 today?']],
      ['yes', ['recorded this for the crisis team (reference CR-0001)', "don't wait", '111 (option 2)', not('call you on'), not("I've asked")]],
    ]);
    expect(harness.escalations.requests[0]).toMatchObject({ level: 'urgent', contact: { phone: '+441134960123' } });
  });

  test('a disclosure after a finished safety check gets the numbers again, never a knowledge-base answer', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['everyone would be better off without me', Q1, 'urgent'],
      ['no', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', [not(Q5)]],
      ['i want to die', ['999', 'crisis line', not('Was this helpful?'), not('Did you mean'), not(Q1)], 'urgent'],
    ]);
  });

  test('a disclosure a day or more after the last safety check gets the questions again (SMS conversations never end)', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['everyone would be better off without me', Q1, 'urgent'],
      ['no', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', [not(Q5)]],
      ['no', 'numbers are there'],
    ]);
    harness.clock.advance(harness.config.service.safetyCheckRepeatAfterHours * 60 * 60 * 1000);
    await playTranscript(harness, [['i want to die', ['a few short questions', Q1], 'urgent']]);
    // The menu's "I'm not feeling safe" counts the same way: not again within the window, again after it.
    await playTranscript(harness, [['no', Q2], ['no', Q3], ['no', Q4], ['no', [not(Q5)]], ['no', 'numbers are there']]);
    await playTranscript(harness, [['help', "I'm not feeling safe"], ["I'm not feeling safe", [not(Q1), '999']]]);
    harness.clock.advance(harness.config.service.safetyCheckRepeatAfterHours * 60 * 60 * 1000);
    await playTranscript(harness, [['help', "I'm not feeling safe"], ["I'm not feeling safe", Q1]]);
  });

  test('acute positive: yes to Q5 → the emergency response at once', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i keep thinking about killing myself', Q1, 'urgent'],
      ['yes', Q2],
      ['no', Q3],
      ['yes', Q4],
      ['yeah', Q5],
      ['yes', ['call 999 now', "I've alerted the on-call crisis team", 'Are you safe right now?']],
    ]);
    expect(harness.escalations.requests[0]).toMatchObject({ level: 'emergency', reason: { asqOutcome: 'acute-positive' } });
    // The accumulated screen said urgent; the bot's own emergency must still carry 999 on later turns.
    await playTranscript(harness, [['no', 'call 999']]);
  });

  test('refusal ("leave me alone") counts as positive: the questions stop and the team is told', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i dont want to be here anymore', Q1, 'urgent'],
      ['leave me alone', ["That's OK, you don't have to answer", 'phone you today?', not(Q2)]],
      ['no', ["I've let the crisis team know", '999']],
    ]);
    expect(harness.escalations.requests[0]).toMatchObject({ level: 'urgent', reason: { asqOutcome: 'non-acute-positive' } });
    expect(harness.escalations.requests[0]!.reason.summary).toBe('ASQ: Q1 refused -> non acute positive');
  });

  test('a plan or overdose typed as an answer interrupts the questions with the emergency response', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i want to kill myself', Q1, 'urgent'],
      ['yes and ive already taken 40 paracetamol', ['call 999 now', 'Are you safe right now?', not(Q2)], 'emergency'],
    ]);
    expect(harness.escalations.requests[0]!.level).toBe('emergency');
  });

  test('"help" during the questions is taken as an answer, not a reason to drop them', async () => {
    await playTranscript(new DialogHarness(), [
      ['i want to die', Q1, 'urgent'],
      ['help', [Q2, not('Ask a question')]],
    ]);
  });
});

describe('"I\'m not feeling safe" in the menu: a way to ask for help that does not depend on the risk screen', () => {
  test('chosen by number on SMS: the safety questions, as for an urgent message', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
    await playTranscript(harness, [
      ['hi', 'Reply with a number'],
      ['2', "I won't keep what you write"],
      ['help', "1 I'm not feeling safe"],
      ['1', ['a few short questions', Q1]],
      ['yes', Q2],
    ]);
    expect(harness.safetyCheckWatch.watches.get(harness.conversationId)?.reason.summary).toContain('Q1 yes, Q2 refused');
  });

  test('tapped on Web Chat when the screen sees no risk in the words: the safety questions', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['purple elephants dancing', ["didn't understand", "I'm not feeling safe"]],
      ["I'm not feeling safe", ['a few short questions', Q1]],
    ]);
  });

  test('after a finished safety check: the numbers and human routes again, not the questions', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i feel like i cant go on anymore', Q1, 'urgent'],
      ['no', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', 'Thank you for answering'],
      ['no', 'numbers are there'],
      ['help', "I'm not feeling safe"],
      ["I'm not feeling safe", ['Emergency services: 999', '01632 960 999', not(Q1)]],
    ]);
  });
});
