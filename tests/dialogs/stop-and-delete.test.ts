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

  describe('during the safety questions: stopping counts as a refusal, so the crisis team is still told', () => {
    const ASQ_START: TranscriptTurn[] = [
      ['hi', 'Is it OK to keep our messages?'],
      ['yes', "I'll keep our messages"],
      ['i want to die', 'wished you were dead', 'urgent'],
    ];

    /** On SMS: a non-acute positive check, stopped at "Can someone from the crisis team phone you today?". */
    const SMS_POSITIVE_ASQ_UNTIL_CONTACT_CHOICE: TranscriptTurn[] = [
      ['hi', 'Reply with a number'],
      ['1', "I'll keep our messages"],
      ['i want to die', 'wished you were dead', 'urgent'],
      ['yes', 'better off'],
      ['no', 'past week'],
      ['no', 'ever tried'],
      ['no', 'right now'],
      ['no', 'phone you today'],
    ];

    test.each([
      ['at the first question', [] as TranscriptTurn[], 'urgent', 'ASQ: Q1 refused -> non acute positive'],
      ['after two answers', [['no', 'better off'], ['yes', 'past week']] as TranscriptTurn[], 'urgent', 'ASQ: Q1 no, Q2 yes, Q3 refused -> non acute positive'],
      [
        'at "right now?" (a refusal there is acute)',
        [['yes', 'better off'], ['yes', 'past week'], ['no', 'ever tried'], ['no', 'right now']] as TranscriptTurn[],
        'emergency',
        'ASQ: Q1 yes, Q2 yes, Q3 no, Q4 no, Q5 refused -> acute positive',
      ],
    ])('%s', async (_when, answers, level, summary) => {
      const harness = new DialogHarness();
      await playTranscript(harness, [...ASQ_START, ...answers]);
      expect(harness.escalations.requests).toHaveLength(0);
      await playTranscript(harness, [['stop', ["I've let the crisis team know (reference CR-0001)", 'any way to contact you', ...DELETED]]]);
      expect(harness.escalations.requests).toHaveLength(1);
      const [request] = harness.escalations.requests;
      expect(request).toMatchObject({ level, contact: { consentToContact: false } });
      expect(request!.contact.phone).toBeUndefined();
      // Not even "a clinician accepted your alert" may be sent to someone who asked us to stop.
      expect(request!.conversationReference).toBeUndefined();
      expect(request!.reason.summary).toContain(summary);
      expect(await storedTexts(harness)).toEqual([]);
      // Told once: the next message starts afresh and pages nobody.
      await playTranscript(harness, [['stop', [...DELETED, not('crisis team know')]]]);
      expect(harness.escalations.requests).toHaveLength(1);
    });

    test('after a positive result, before the person chose whether to be phoned', async () => {
      const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
      await playTranscript(harness, SMS_POSITIVE_ASQ_UNTIL_CONTACT_CHOICE);
      expect(harness.escalations.requests).toHaveLength(0);
      await playTranscript(harness, [['stop', ["I've let the crisis team know", ...DELETED]]]);
      expect(harness.escalations.requests).toHaveLength(1);
      expect(harness.escalations.requests[0]).toMatchObject({ level: 'urgent', contact: { consentToContact: false } });
      // The SMS sender's number is not passed on: the person asked us to stop.
      expect(harness.escalations.requests[0]!.contact.phone).toBeUndefined();
      expect(harness.escalations.requests[0]!.reason.summary).toContain('asked to stop before choosing contact');
    });

    test('nothing more is sent once the urgent escalation is stored, or after a negative check', async () => {
      const told = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
      await playTranscript(told, [
        ...SMS_POSITIVE_ASQ_UNTIL_CONTACT_CHOICE,
        ['1', 'reference CR-0001'],
        ['stop', [...DELETED, not('crisis team know')]],
      ]);
      expect(told.escalations.requests).toHaveLength(1);

      const negative = new DialogHarness();
      await playTranscript(negative, [
        ...ASQ_START,
        ['no', 'better off'],
        ['no', 'past week'],
        ['no', 'ever tried'],
        ['no', 'people you can talk to'],
        ['stop', [...DELETED, not('crisis team know')]],
      ]);
      expect(negative.escalations.requests).toHaveLength(0);
    });

    test('a report about someone else that cuts the safety questions short still tells the team about the person', async () => {
      const harness = new DialogHarness();
      await playTranscript(harness, [
        ...ASQ_START,
        ['yes', 'better off'],
        ['my dad says he wants to kill himself', ['worried about someone else', 'About you: because of what you told me earlier', 'CR-0001'], { level: 'urgent', subject: 'other' }],
      ]);
      expect(harness.escalations.requests).toHaveLength(1);
      const [request] = harness.escalations.requests;
      expect(request).toMatchObject({ level: 'urgent', contact: { consentToContact: false } });
      expect(request!.reason.summary).toContain('ASQ: Q1 yes, Q2 refused -> non acute positive; the person went on to report risk to someone else');
      // They can still be told here when a clinician accepts: they never asked us to stop.
      expect(request!.conversationReference?.conversation?.id).toBe(harness.conversationId);
      await playTranscript(harness, [['stop', [...DELETED, not('crisis team know')]]]);
      expect(harness.escalations.requests).toHaveLength(1);
    });

    test('without a pager, or when the store fails, the person is told honestly and still gets the numbers', async () => {
      const unpaged = new DialogHarness();
      unpaged.escalations.teamPaged = false;
      await playTranscript(unpaged, [...ASQ_START, ['stop', ["can't reach the on-call team automatically", ...DELETED]]]);

      const failing = new DialogHarness();
      await playTranscript(failing, ASQ_START);
      // The store is down: the stop's own request and the retry at the end of the turn both fail.
      failing.escalations.failNext = 2;
      await playTranscript(failing, [['stop', ["couldn't pass what you told me", '999', ...DELETED]]]);
      expect(failing.escalations.requests).toHaveLength(0);
    });
  });

  test('"delete my data" from the menu, on SMS, by number', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
    await playTranscript(harness, [
      ['hi', 'Reply with a number'],
      ['1', "I'll keep our messages"],
      ['menu', '5 Delete my data'],
      ['5', [...DELETED, not('0 saved messages')]],
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

  test('"stop" reaches the open escalations too; if an emergency keeps the phone, the person is told so', async () => {
    const harness = new DialogHarness();
    await playTranscript(harness, [['what time are you open', 'Was this helpful?']]);
    harness.escalations.keepsPhone = true;
    await playTranscript(harness, [['stop', ['still has your phone number and may call you', ...DELETED]]]);
    expect(harness.escalations.stopped).toEqual([harness.conversationId]);

    const quiet = new DialogHarness({ conversationId: 'conv-2' });
    await playTranscript(quiet, [['i wish i wasnt here', 'wished you were dead', 'urgent']]);
    quiet.escalations.keepsPhone = true;
    await playTranscript(quiet, [['stop', ["still have your phone number and may call you; I won't message you again", not("haven't given them any way")]]]);
  });

  test('"delete my data" chosen by number from the SMS menu is the same as typing "stop"', async () => {
    const harness = new DialogHarness({ channelId: 'sms', userId: '+441134960123' });
    await playTranscript(harness, [['hi', 'Reply with a number'], ['1', "I'll keep our messages"], ['menu', '5 Delete my data'], ['5', DELETED]]);
    expect(harness.escalations.stopped).toEqual([harness.conversationId]);
  });

  test('when "stop" cannot reach the escalations, the person is told they may still hear from the team', async () => {
    const harness = new DialogHarness();
    harness.escalations.failStop = true;
    await playTranscript(harness, [['stop', ["couldn't update the crisis team's records", not('still has your phone number'), ...DELETED]]]);
  });
});
