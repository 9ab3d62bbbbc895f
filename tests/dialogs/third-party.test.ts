import { DialogHarness } from '../support/dialog-harness';
import { not, playTranscript } from '../support/dialog-transcript';

describe('third-party reports', () => {
  test('"my son says he wants to die": advice for helping someone else, no ASQ on the reporter, urgent call back offered', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      [
        'my son says he wants to die',
        ["worried about someone else", 'immediate danger, call 999', 'NHS 111 and choose option 2', '01632 960 999', 'call you back about this?', not('wished you were dead')],
        { level: 'urgent', subject: 'other', flags: ['third_party'] },
      ],
      ['yes please', 'What UK phone number'],
      ['020 7946 0123', 'Can the team call you on 020 7946 0123 today?'],
      ['yes', ["I've asked the crisis team to call you", 'CR-0001']],
    ]);
    expect(harness.escalations.requests[0]).toMatchObject({ level: 'urgent', contact: { phone: '+442079460123', consentToContact: true } });
    expect(harness.escalations.requests[0]!.reason.summary).toContain('Third-party report');
  });

  test('someone else in immediate danger: 999 first, then the crisis team is alerted once, with no phone passed on', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [
      [
        'my friend has just taken an overdose',
        ['call 999 now', "I've also alerted our crisis team (reference CR-0001)", 'call you back about this?', not('Are you safe right now?')],
        { level: 'emergency', subject: 'other' },
      ],
      ['no', 'numbers are there'],
    ]);
    // The escalation service adds the repeat to the one still open (no second page).
    harness.escalations.coverWith = 'CR-0001';
    await playTranscript(harness, [['my friend has just taken an overdose', ['call 999 now', 'already been alerted', 'CR-0001'], { level: 'emergency', subject: 'other' }]]);
    expect(harness.escalations.requests).toHaveLength(2);
    expect(harness.escalations.requests[1]!.reason.subject).toBe('other');
    const [request] = harness.escalations.requests;
    expect(request).toMatchObject({ level: 'emergency', contact: { consentToContact: false } });
    expect(request!.contact.phone).toBeUndefined();
    expect(request!.reason.summary).toContain('Third-party emergency');
  });

  test('someone else in immediate danger without a pager, or with the store down: 999 advice stands, nothing is promised', async () => {
    const unpaged = new DialogHarness();
    unpaged.escalations.teamPaged = false;
    await playTranscript(unpaged, [
      ['my friend has just taken an overdose', ['call 999 now', "can't reach them automatically", not('alerted our crisis team')], { level: 'emergency', subject: 'other' }],
    ]);
    const failing = new DialogHarness();
    failing.escalations.failNext = 1;
    await playTranscript(failing, [
      ['my friend has just taken an overdose', ['call 999 now', 'call you back about this?', not('crisis team (reference')], { level: 'emergency', subject: 'other' }],
    ]);
  });

  test('a reporter who then speaks about themselves gets the safety check', async () => {
    await playTranscript(new DialogHarness(), [
      ['my mum keeps saying she wants to die', 'worried about someone else', { level: 'urgent', subject: 'other' }],
      ['no', 'numbers are there'],
      ['honestly i feel the same, i want to die too', ['a few short questions', 'wished you were dead'], { level: 'urgent', subject: 'self' }],
    ]);
  });
});
