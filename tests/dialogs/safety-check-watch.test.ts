import { DialogHarness } from '../support/dialog-harness';
import { TEST_RULES_VERSION } from '../support/dialog-test-doubles';
import { not, playTranscript } from '../support/dialog-transcript';

const Q1 = 'wished you were dead';
const Q2 = 'better off if you were dead';
const Q3 = 'thoughts about killing yourself';
const Q4 = 'ever tried to kill yourself';
const Q5 = 'thoughts of killing yourself right now';
const URGENT = { level: 'urgent', ruleId: 'si.passive-wish', category: 'suicidal_ideation' } as const;

function watched(harness: DialogHarness) {
  return harness.safetyCheckWatch.watches.get(harness.conversationId);
}

describe('a safety check is watched until it ends, in case the person goes quiet', () => {
  test('from the first question: the team would be told as if the person had declined it (urgent, no contact)', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['i wish i wasnt here', Q1, URGENT]]);
    const request = watched(harness);
    expect(request).toMatchObject({
      level: 'urgent',
      reason: {
        riskRules: ['si.passive-wish'],
        categories: ['suicidal_ideation'],
        rulesVersion: TEST_RULES_VERSION,
        asqOutcome: 'non-acute-positive',
        summary: 'ASQ: Q1 refused -> non acute positive; the person stopped replying during the safety questions',
      },
      contact: { channel: 'webchat', conversationId: harness.conversationId, consentToContact: false },
    });
    expect(request?.contact.phone).toBeUndefined();
    // Nobody asked to stop, so the team can still reach the person in this chat.
    expect(request?.conversationReference?.conversation?.id).toBe(harness.conversationId);
    expect(harness.escalations.requests).toHaveLength(0);
  });

  test('every answer restarts the watch with the answers so far; quiet at "right now?" is an emergency', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['yes', Q2],
      ['no', Q3],
      ['sort of', Q4],
      ['no', Q5],
    ]);
    expect(harness.safetyCheckWatch.calls).toEqual(Array(5).fill(`watch ${harness.conversationId}`));
    expect(watched(harness)).toMatchObject({
      level: 'emergency',
      reason: {
        asqOutcome: 'acute-positive',
        summary: 'ASQ: Q1 yes, Q2 no, Q3 unclear, Q4 no, Q5 refused -> acute positive; the person stopped replying during the safety questions',
      },
    });
  });

  test('a negative result ends the watch; nothing is filed', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['no', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', 'Thank you for answering'],
    ]);
    expect(watched(harness)).toBeUndefined();
    expect(harness.safetyCheckWatch.calls.at(-1)).toBe(`stop ${harness.conversationId}`);
    expect(harness.escalations.requests).toHaveLength(0);
  });

  test('an acute result is escalated at once by the emergency response, and the watch ends', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['yes', Q2],
      ['yes', Q3],
      ['yes', Q4],
      ['yes', Q5],
      ['yes', ['999']],
    ]);
    expect(harness.escalations.requests.map((r) => r.level)).toEqual(['emergency']);
    expect(watched(harness)).toBeUndefined();
  });

  test('a positive result stays watched until the person has chosen how to be contacted', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['yes', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', Q5],
      ['no', 'phone you today?'],
    ]);
    expect(watched(harness)?.reason.summary).toBe(
      'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 no -> non acute positive; the person stopped replying before choosing contact',
    );
    await playTranscript(harness, [['no', "I've let the crisis team know"]]);
    expect(harness.escalations.requests).toHaveLength(1);
    expect(watched(harness)).toBeUndefined();
  });

  test('"stop" during the questions: the stop path tells the team, and the watch ends with the data', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['stop', "I've let the crisis team know"],
    ]);
    expect(harness.escalations.requests).toHaveLength(1);
    expect(watched(harness)).toBeUndefined();
  });

  test('conversations without a safety check never touch the watch', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['what time are you open', 'Was this helpful?'],
      ['my commute is killing me', []],
    ]);
    expect(harness.safetyCheckWatch.calls).toEqual([]);
  });

  test('a watch that cannot be stored does not break the turn: the question is asked and the failure logged', async () => {
    const harness = new DialogHarness();
    harness.safetyCheckWatch.failNext = 1;
    await playTranscript(harness, [['i wish i wasnt here', Q1, URGENT]]);
    expect(harness.logLines.some((line) => line.includes('SAFETY_CHECK_WATCH_FAILED'))).toBe(true);
    // The next reply stores it.
    await playTranscript(harness, [['yes', Q2]]);
    expect(watched(harness)?.reason.summary).toContain('Q1 yes, Q2 refused');
  });
});

describe('the watch keeps a safety check that could not be passed on', () => {
  test('an acute result whose emergency alert could not be stored stays watched, at emergency level', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['yes', Q2],
      ['no', Q3],
      ['no', Q4],
      ['no', Q5],
    ]);
    // The store is down: the alert and its retry at the end of the turn both fail.
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['yes', ['call 999', 'could not be sent']]]);
    expect(harness.escalations.requests).toHaveLength(0);
    expect(watched(harness)).toMatchObject({
      level: 'emergency',
      reason: { summary: 'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 yes -> acute positive; the emergency alert could not be stored at the time and was sent again' },
      contact: { consentToContact: true },
    });
    // Retried at once by the worker, not after a silence.
    expect(harness.safetyCheckWatch.dueNow.has(harness.conversationId)).toBe(true);
  });

  test('an emergency message during the check, once its alert is stored, ends the watch', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['ive just taken all my pills', 'call 999', { level: 'emergency', ruleId: 'od.taken', category: 'overdose' }],
    ]);
    expect(harness.escalations.requests.map((r) => r.level)).toEqual(['emergency']);
    expect(watched(harness)).toBeUndefined();
  });

  test('a report about someone else that cuts the check short: if telling the team fails, the watch still holds it', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['i wish i wasnt here', Q1, URGENT]]);
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['my son says he wants to die', 'worried about someone else', { level: 'urgent', subject: 'other', flags: ['third_party'] }]]);
    expect(watched(harness)?.reason.summary).toContain('the person went on to report risk to someone else during the safety questions');
    expect(harness.safetyCheckWatch.dueNow.has(harness.conversationId)).toBe(true);
  });

  test('"stop" whose escalation could not be stored: the watch files it as a stop (no messages to the person), at once', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['i wish i wasnt here', Q1, URGENT], ['yes', Q2]]);
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['stop', []]]);
    const request = watched(harness);
    expect(request).toMatchObject({
      level: 'urgent',
      personAskedToStop: true,
      contact: { consentToContact: false },
      reason: { summary: 'ASQ: Q1 yes, Q2 refused -> non acute positive; the person asked to stop during the safety questions' },
    });
    expect(request?.conversationReference).toBeUndefined();
    expect(request?.contact.phone).toBeUndefined();
    expect(harness.safetyCheckWatch.dueNow.has(harness.conversationId)).toBe(true);
  });

  test('a removal that fails is tried again on the next turn', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['no', Q2],
      ['no', Q3],
      ['no', Q4],
    ]);
    harness.safetyCheckWatch.failNext = 1;
    await playTranscript(harness, [['no', 'Thank you for answering']]);
    expect(watched(harness)).toBeDefined();
    await playTranscript(harness, [['no', 'numbers are there']]);
    expect(watched(harness)).toBeUndefined();
    // Removed once; later turns leave the store alone.
    const calls = harness.safetyCheckWatch.calls.length;
    await playTranscript(harness, [['what time are you open', 'Was this helpful?']]);
    expect(harness.safetyCheckWatch.calls).toHaveLength(calls);
  });

  test('on SMS, going quiet at "right now?" is an emergency with the texter\'s number, as in the emergency response', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
    await playTranscript(harness, [
      ['i wish i wasnt here', Q1, URGENT],
      ['1', Q2],
      ['2', Q3],
      ['2', Q4],
      ['2', Q5],
    ]);
    expect(watched(harness)).toMatchObject({ level: 'emergency', contact: { phone: '+441134960123', consentToContact: true } });
  });

  test('a failed alert is tried again at the end of the turn; once stored, the person is told and the check ends', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['i wish i wasnt here', Q1, URGENT], ['yes', Q2], ['no', Q3], ['no', Q4], ['no', Q5]]);
    harness.escalations.failNext = 1;
    await playTranscript(harness, [['yes', ['could not be sent', "I've now been able to alert the crisis team (reference CR-0001)", '999']]]);
    expect(harness.escalations.requests.map((r) => r.level)).toEqual(['emergency']);
    expect(watched(harness)).toBeUndefined();
  });

  test('an emergency message whose alert cannot be stored is retried on later turns and by the watch, at once', async () => {
    const harness = new DialogHarness();
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['ive taken all my pills', ['call 999', 'could not be sent'], { level: 'emergency', ruleId: 'od.taken', category: 'overdose' }]]);
    expect(watched(harness)).toMatchObject({ level: 'emergency', contact: { consentToContact: true } });
    expect(harness.safetyCheckWatch.dueNow.has(harness.conversationId)).toBe(true);
    // The watch and every retry carry one alert key, so the service stores the alert once whoever files it first.
    const key = watched(harness)?.reason.alertKey;
    expect(key).toEqual(expect.any(String));
    // The next message, whatever it says: the alert goes through, the person is told, the watch goes.
    await playTranscript(harness, [['no', ["I've now been able to alert the crisis team (reference CR-0001)"]]]);
    expect(harness.escalations.requests[0]!.reason.alertKey).toBe(key);
    expect(harness.escalations.requests).toHaveLength(1);
    expect(harness.escalations.requests[0]!.reason.summary).toContain('could not be stored at the time and was sent again');
    expect(watched(harness)).toBeUndefined();
    // Nothing more is owed: later turns leave the escalation service alone.
    await playTranscript(harness, [['what time are you open', 'Was this helpful?']]);
    expect(harness.escalations.requests).toHaveLength(1);
  });

  test('"stop" while an emergency alert is still pending: it is filed without any way to message the person, quietly', async () => {
    const harness = new DialogHarness();
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['ive taken all my pills', ['call 999', 'could not be sent'], { level: 'emergency', ruleId: 'od.taken', category: 'overdose' }]]);
    await playTranscript(harness, [['stop', [not('now been able to alert')]]]);
    const [request] = harness.escalations.requests;
    expect(request).toMatchObject({ level: 'emergency', personAskedToStop: true, reason: { summary: expect.stringContaining('then the person asked to stop') } });
    expect(request?.conversationReference).toBeUndefined();
    expect(watched(harness)).toBeUndefined();
  });

  test('an ended check still waiting to be filed is filed first, so a new disclosure a day later gets the questions again', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['i wish i wasnt here', Q1, URGENT], ['yes', Q2]]);
    harness.escalations.failNext = 2;
    await playTranscript(harness, [['stop', []]]);
    expect(harness.escalations.requests).toHaveLength(0);
    harness.clock.advance(harness.config.service.safetyCheckRepeatAfterHours * 60 * 60 * 1000);
    await playTranscript(harness, [['i wish i wasnt here', ['a few short questions', Q1, not('now been able to alert')], URGENT]]);
    expect(harness.escalations.requests).toHaveLength(1);
    expect(harness.escalations.requests[0]).toMatchObject({ personAskedToStop: true, reason: { summary: expect.stringContaining('asked to stop') } });
  });
});
