import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../bot/index';
import { ManualClock } from '../../config/clock';
import { loadEnv } from '../../config/load-env';
import type { EscalationRecord } from '../../escalation/escalation-record';
import { capturedLogger } from '../bot/channels/support/channel-test-kit';
import {
  button,
  dialogPath,
  eventually,
  first,
  HttpConversation,
  not,
  playHttpScript,
  readStoredConversation,
  type HttpTurn,
  type ReplyExpectation,
  type ScriptRow,
} from '../support/http-conversation';

/**
 * The product's scripted conversations, over the real HTTP edge: POST /api/messages with
 * deliveryMode expectReplies, against the whole app (real risk screen and rules, real NLU and
 * knowledge base, real SQLite in a temp DATA_DIR, the paging worker with no Twilio credentials).
 * Each script asserts what the bot says, how it routed (escalation or none) and what is stored.
 */

// Europe/London is on GMT in March and December, so these are also the local times.
const TUESDAY_11_00 = '2026-03-03T11:00:00Z';
const TUESDAY_23_30 = '2026-03-03T23:30:00Z';
const CHRISTMAS_DAY_11_00 = '2026-12-25T11:00:00Z'; // a Friday
const BOXING_DAY_SUBSTITUTE_11_00 = '2026-12-28T11:00:00Z'; // a Monday: date-holidays "Boxing Day (substitute day)"

const Q1 = /In the past few weeks, have you wished you were dead\?/;
const Q2 = /In the past few weeks, have you felt that you or your family would be better off if you were dead\?/;
const Q3 = /In the past week, have you been having thoughts about killing yourself\?/;
const Q4 = /Have you ever tried to kill yourself\?/;
const Q5 = /Are you having thoughts of killing yourself right now\?/;
const CRISIS_LINE = /01632 960 999/;
const SHORT_INTRO = /automated service, not a person/;
const EMERGENCY_FIRST = /^Please call 999 now or go to your nearest A&E\. I'm an automated service/;
const IN_HOURS_ROUTES: ReplyExpectation[] = [/Example Trust mental health team: 01632 960 100/, /Example Trust 24\/7 crisis line: 01632 960 999/, not(/NHS 111, option 2/), not(/Samaritans/)];
const OUT_OF_HOURS_ROUTES: ReplyExpectation[] = [
  /Emergency services: 999/,
  /NHS 111, option 2 \(mental health\): 111/,
  /Example Trust 24\/7 crisis line: 01632 960 999/,
  /Samaritans: 116 123/,
  /Shout: 85258/,
  /Out-of-hours GP: 111/,
  not(/mental health team: 01632 960 100/),
];
const ALL_STATES = ['open', 'paging', 'acknowledged', 'resolved', 'expired'] as const;

describe('scripted conversations over POST /api/messages (expectReplies)', () => {
  let app: App;
  let dataDir: string;
  let clock: ManualClock;
  let logLines: string[];
  let counter = 0;
  const peopleSaid = new Set<string>();

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'http-conversations-'));
    const env = loadEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    clock = new ManualClock(TUESDAY_11_00);
    const captured = capturedLogger('info');
    logLines = captured.lines;
    app = await createApp({ env, logger: captured.logger, clock });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function newConversation(name: string): HttpConversation {
    return new HttpConversation(app.url, { conversationId: `http-${++counter}-${name.replace(/\W+/g, '-')}` });
  }

  async function play(conversation: HttpConversation, rows: readonly ScriptRow[]): Promise<HttpTurn[]> {
    for (const [say] of rows) peopleSaid.add(say);
    return playHttpScript(conversation, rows);
  }

  async function escalationsOf(conversation: HttpConversation): Promise<EscalationRecord[]> {
    const all = await app.store.escalations.list({ states: [...ALL_STATES] });
    return all.filter((e) => e.contact.conversationId === conversation.conversationId);
  }

  async function storedTexts(conversation: HttpConversation): Promise<string[]> {
    return (await app.store.transcripts.list(conversation.conversationId)).flatMap((e) => (e.text === undefined ? [] : [e.text]));
  }

  /** The one escalation of this conversation: the reference the person was told is the one stored, and its pages were attempted. */
  async function theEscalation(conversation: HttpConversation, turns: HttpTurn[]): Promise<EscalationRecord> {
    const escalations = await escalationsOf(conversation);
    expect(escalations).toHaveLength(1);
    const escalation = escalations[0]!;
    expect(turns.map((t) => t.text).join('\n')).toMatch(new RegExp(`reference (is )?${escalation.reference}\\b`));
    expect(escalation.contact).toMatchObject({ channel: 'webchat', conversationId: conversation.conversationId });
    expect(escalation.conversationReference).toMatchObject({ conversation: { id: conversation.conversationId }, channelId: 'webchat' });
    expect(escalation.reason.riskRules.length).toBeGreaterThan(0);
    expect(escalation.reason.rulesVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    // No Twilio credentials: every page is logged and marked undeliverable (never silently dropped).
    const attempts = await eventually(async () => {
      const all = await app.store.escalations.listAttempts(escalation.id);
      return all.length > 0 && all.every((a) => a.status === 'undeliverable') ? all : undefined;
    }, `undeliverable page attempts for ${escalation.reference}`);
    expect(attempts[0]!.error).toMatch(/no Twilio credentials/);
    const audit = (await app.store.audit.list({ escalationId: escalation.id })).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['created', 'page-undeliverable']));
    return escalation;
  }

  describe('opening the chat', () => {
    it('the welcome says it is automated and not for emergencies (999), and asks consent with buttons', async () => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('welcome');
      const welcome = await conversation.join();
      expect(welcome.texts[0]).toMatch(/^Hi\. This is the Example Trust automated text service\. You are talking to a computer, not a person\. It is not for emergencies: if your life is at risk now, call 999/);
      expect(welcome.text).toMatch(/for 30 days, so the team can follow up\. Privacy notice: https:\/\/www\.example\.nhs\.uk\/privacy\/crisis-text-support/);
      expect(welcome.suggestedActions).toEqual(['Yes', 'No']);
      await play(conversation, [['yes', [/I'll keep our messages for 30 days/, /What can I help with\?/]]]);
      expect((await readStoredConversation(app.store.state, conversation))?.privacy?.transcriptConsent).toBe(true);
    });
  });

  describe('opening hours', () => {
    interface HoursCase {
      name: string;
      at: string;
      routes: ReplyExpectation[];
      nextWorkingDay: RegExp;
      rightNow: RegExp;
    }
    const cases: HoursCase[] = [
      { name: 'in hours (Tuesday 11:00)', at: TUESDAY_11_00, routes: IN_HOURS_ROUTES, nextWorkingDay: /next working day \(Wednesday 4 March\)/, rightNow: /Right now: Open until 5pm\./ },
      { name: 'out of hours (Tuesday 23:30)', at: TUESDAY_23_30, routes: OUT_OF_HOURS_ROUTES, nextWorkingDay: /next working day \(Wednesday 4 March\)/, rightNow: /Right now: Outside opening hours; we open again tomorrow at 9am\./ },
      { name: 'on a bank holiday (Christmas Day, Friday 11:00)', at: CHRISTMAS_DAY_11_00, routes: OUT_OF_HOURS_ROUTES, nextWorkingDay: /next working day \(Tuesday 29 December\)/, rightNow: /Right now: Closed for the bank holiday \(Christmas Day\); we open again on Tuesday 29 December at 9am\./ },
      {
        name: 'on a substitute bank holiday (Monday 28 December 11:00)',
        at: BOXING_DAY_SUBSTITUTE_11_00,
        routes: OUT_OF_HOURS_ROUTES,
        nextWorkingDay: /next working day \(Tuesday 29 December\)/,
        rightNow: /Right now: Closed for the bank holiday \(Boxing Day \(substitute day\)\); we open again tomorrow at 9am\./,
      },
    ];

    it.each(cases)('$name: the reviewed answer, then the human route for that time, then a call back on the next working day', async ({ at, routes, nextWorkingDay, rightNow }) => {
      clock.set(at);
      const conversation = newConversation('hours');
      await play(conversation, [
        [
          'what time are you open',
          [
            first(SHORT_INTRO),
            /Monday to Friday in office hours on 01632 960 100/,
            /closed on bank holidays/,
            /Out of hours, call our 24\/7 crisis line 01632 960 999 or NHS 111 and choose option 2/,
            rightNow,
            /Source: https:\/\/www\.example\.nhs\.uk\/services\/crisis-text-support\/opening-hours/,
            /Was this helpful\?/,
            button(/^Yes$/),
            button(/^No, talk to someone$/),
          ],
        ],
        ['no', [/Sorry that didn't help\. You can talk to a person:/, /Emergency services: 999/, ...routes, /call you back\?/]],
        ['yes', [nextWorkingDay, /What UK phone number should they call\?/]],
        ['cancel', [/I won't arrange a call/]],
      ]);
      expect(await escalationsOf(conversation)).toEqual([]);
    });
  });

  describe('a medication question', () => {
    it('is never answered with clinical advice: pharmacist, GP or 111, the source, and "was this helpful?"', async () => {
      clock.set(TUESDAY_23_30);
      const conversation = newConversation('medication');
      await play(conversation, [
        [
          'can i drink alcohol while on citalopram',
          [/We can't give advice about medicines here/, /pharmacist/, /your GP/, /NHS 111/, /call 999 or go to A&E/, /Source: https:\/\/www\.nhs\.uk\/medicines\//, /Was this helpful\?/, not(/\bmg\b/)],
        ],
        ['yes', [/Glad that helped/, /Is it OK to keep our messages\?/, button(/^Yes$/)]],
        ['no', [/I won't keep what you write/]],
      ]);
      expect(await escalationsOf(conversation)).toEqual([]);
      const stored = await readStoredConversation(app.store.state, conversation);
      expect(stored?.privacy?.transcriptConsent).toBe(false);
      expect(stored?.triage).toMatchObject({ consentAsked: true, actedLevel: 'none' });
      expect(await storedTexts(conversation)).toEqual([]);
    });
  });

  describe('a plan for tonight in the middle of an information question', () => {
    it('the emergency response takes over at once: 999 in the first reply of that turn, no answer to the question, an emergency escalation', async () => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('plan-mid-information');
      const turns = await play(conversation, [
        ['what time are you open', [/Monday to Friday/, /Was this helpful\?/]],
        [
          'i have a plan to end it tonight',
          [
            first(EMERGENCY_FIRST),
            first(CRISIS_LINE),
            // No Twilio here: the record is kept, but the bot does not claim a page it cannot send.
            /I've recorded this for the crisis team \(reference \d{4}\), but I can't reach the on-call team automatically right now, so please don't wait for us: call 999 now/,
            not(/I've alerted/),
            /Are you safe right now\?/,
            button(/^Yes$/),
            not(/Glad that helped/),
            not(/Source:/),
            not(/Was this helpful/),
            not(/Monday to Friday/),
            not(/Is it OK to keep our messages/),
          ],
        ],
        ['no', [first(/Please call 999 now, or ask someone near you to call for you/)]],
      ]);
      const escalation = await theEscalation(conversation, turns);
      expect(escalation).toMatchObject({ level: 'emergency', contact: { consentToContact: true } });
      expect(escalation.reason.summary).toBe('Emergency risk identified by the risk screen');
      const inbound = (await app.store.transcripts.list(conversation.conversationId)).filter((e) => e.direction === 'inbound');
      expect(inbound.map((e) => e.screening?.level)).toEqual(['none', 'emergency', 'none']);
      const stored = await readStoredConversation(app.store.state, conversation);
      expect(stored?.triage).toMatchObject({ actedLevel: 'emergency', emergencyReference: escalation.reference });
      expect(stored?.riskMemory?.highestLevel).toBe('emergency');
    });
  });

  describe('the safety check (ASQ), each outcome', () => {
    interface AsqCase {
      name: string;
      rows: ScriptRow[];
      escalation?: { level: 'urgent' | 'emergency'; summary: string; asqOutcome: string; phone?: string };
      actedLevel: 'urgent' | 'emergency';
    }
    const opening: ScriptRow = ['i want to die', [first(SHORT_INTRO), /a few short questions/, Q1, button(/^Yes$/), button(/^No$/)]];
    const teamTold: ScriptRow = ['no', [/I've recorded this for the crisis team \(reference \d{4}\), but I can't reach the on-call team automatically/, /999/, CRISIS_LINE, not(/call you on/), not(/I've let the crisis team know/)]];
    const cases: AsqCase[] = [
      {
        name: 'all no: support and numbers, Q5 not asked, no escalation',
        rows: [
          opening,
          ['no', [Q2, not(Q1)]],
          ['nope', [Q3]],
          ['no never', [Q4]],
          ['no', [/Thank you for answering/, /Here are people you can talk to/, /Emergency services: 999/, CRISIS_LINE, /call you back\?/, not(Q5)]],
          ['no', [/numbers are there whenever you need them/]],
        ],
        actedLevel: 'urgent',
      },
      {
        name: 'a yes to Q1-4, no to "right now": urgent escalation, the team is told (no call promised without a yes)',
        rows: [
          opening,
          ['yes', [Q2]],
          ['no', [Q3]],
          ['no', [Q4]],
          ['no', [Q5]],
          ['no', [/Thank you for telling me\. It would help to talk to someone from the crisis team soon/, /Can someone from the crisis team phone you today\?/]],
          teamTold,
        ],
        escalation: { level: 'urgent', summary: 'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 no -> non acute positive', asqOutcome: 'non-acute-positive' },
        actedLevel: 'urgent',
      },
      {
        name: 'a yes to Q1-4, then a phone call agreed: urgent call request with the number',
        rows: [
          opening,
          ['yes', [Q2]],
          ['yes', [Q3]],
          ['no', [Q4]],
          ['no', [Q5]],
          ['no', [/phone you today\?/]],
          ['yes', [/What UK phone number should the crisis team call\?/]],
          ['0113 496 0123', [/Can the team call you on 0113 496 0123 today\? We keep your number only to arrange this call/]],
          ['yes', [/I've recorded this for the crisis team \(reference \d{4}\)/, /don't wait for us/, /999/, not(/as soon as they can/)]],
        ],
        escalation: {
          level: 'urgent',
          summary: 'ASQ: Q1 yes, Q2 yes, Q3 no, Q4 no, Q5 no -> non acute positive',
          asqOutcome: 'non-acute-positive',
          phone: '+441134960123',
        },
        actedLevel: 'urgent',
      },
      {
        name: 'yes to "right now?": the emergency response at once',
        rows: [
          opening,
          ['yes', [Q2]],
          ['no', [Q3]],
          ['yes', [Q4]],
          ['yeah', [Q5]],
          ['yes', [first(EMERGENCY_FIRST), /recorded this for the crisis team \(reference \d{4}\)/, /don't wait for us/, /Are you safe right now\?/]],
          ['no', [/call 999 now/]],
        ],
        escalation: { level: 'emergency', summary: 'ASQ: Q1 yes, Q2 no, Q3 yes, Q4 yes, Q5 yes -> acute positive', asqOutcome: 'acute-positive' },
        actedLevel: 'emergency',
      },
      {
        name: 'a refusal ("leave me alone") stops the questions and counts as positive: urgent escalation',
        rows: [
          opening,
          ['leave me alone', [/That's OK, you don't have to answer/, /I'd like someone from the crisis team to know/, /phone you today\?/, not(Q2)]],
          teamTold,
        ],
        escalation: { level: 'urgent', summary: 'ASQ: Q1 refused -> non acute positive', asqOutcome: 'non-acute-positive' },
        actedLevel: 'urgent',
      },
      {
        name: 'an unclear answer ("idk") counts as yes: Q5 is asked and the team is told',
        rows: [
          opening,
          ['no', [Q2]],
          ['idk', [Q3]],
          ['no', [Q4]],
          ['no', [Q5]],
          ['no', [/Thank you for telling me/, /phone you today\?/]],
          teamTold,
        ],
        escalation: { level: 'urgent', summary: 'ASQ: Q1 no, Q2 unclear, Q3 no, Q4 no, Q5 no -> non acute positive', asqOutcome: 'non-acute-positive' },
        actedLevel: 'urgent',
      },
      {
        name: 'a refusal at "right now?" is acute: the emergency response',
        rows: [
          opening,
          ['yes', [Q2]],
          ['no', [Q3]],
          ['no', [Q4]],
          ['no', [Q5]],
          ['leave me alone', [first(EMERGENCY_FIRST), /recorded this for the crisis team \(reference \d{4}\)/, /Are you safe right now\?/]],
        ],
        escalation: { level: 'emergency', summary: 'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 refused -> acute positive', asqOutcome: 'acute-positive' },
        actedLevel: 'emergency',
      },
    ];

    it.each(cases)('$name', async ({ rows, escalation: expected, actedLevel }) => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('asq');
      const turns = await play(conversation, rows);
      if (!expected) {
        expect(await escalationsOf(conversation)).toEqual([]);
      } else {
        const escalation = await theEscalation(conversation, turns);
        expect(escalation.level).toBe(expected.level);
        expect(escalation.reason).toMatchObject({ summary: expected.summary, asqOutcome: expected.asqOutcome, categories: expect.arrayContaining(['suicidal_ideation']) });
        if (expected.level === 'emergency') expect(escalation.contact.consentToContact).toBe(true);
        else if (expected.phone) expect(escalation.contact).toMatchObject({ phone: expected.phone, consentToContact: true });
        else {
          expect(escalation.contact.consentToContact).toBe(false);
          expect(escalation.contact.phone).toBeUndefined();
        }
      }
      const stored = await readStoredConversation(app.store.state, conversation);
      expect(stored?.triage?.actedLevel).toBe(actedLevel);
      expect(stored?.riskMemory?.highestLevel).toBe('urgent');
      // Consent was never asked during the safety conversation, so nothing the person wrote is kept.
      expect(stored?.triage?.consentAsked).toBe(false);
      expect(await storedTexts(conversation)).toEqual([]);
    });

    it.each(["I don't feel safe", 'im not feeling safe tonight'])('"%s" (no place or person named) starts the safety questions', async (text) => {
      clock.set(TUESDAY_23_30);
      const conversation = newConversation('not-safe');
      await play(conversation, [[text, [first(SHORT_INTRO), /a few short questions/, Q1]]]);
    });

    it('going quiet mid-way: after the service\'s quiet time the team is told, as a refusal; a later reply keeps that escalation', async () => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('asq-quiet');
      await play(conversation, [opening, ['yes', [Q2]]]);
      const quietMs = app.config.service.safetyCheckQuietMinutes * 60_000;
      clock.advance(quietMs - 1000);
      await app.safetyCheckWatchWorker.runOnce();
      expect(await escalationsOf(conversation)).toEqual([]);

      clock.advance(1000);
      await app.safetyCheckWatchWorker.runOnce();
      const [escalation] = await eventually(async () => {
        const found = await escalationsOf(conversation);
        return found.length > 0 ? found : undefined;
      }, 'the went-quiet escalation');
      expect(escalation).toMatchObject({
        level: 'urgent',
        reason: {
          summary: 'ASQ: Q1 yes, Q2 refused -> non acute positive; the person stopped replying during the safety questions',
          asqOutcome: 'non-acute-positive',
          categories: expect.arrayContaining(['suicidal_ideation']),
        },
        contact: { channel: 'webchat', conversationId: conversation.conversationId, consentToContact: false },
        conversationReference: { conversation: { id: conversation.conversationId } },
      });
      expect(escalation!.contact.phone).toBeUndefined();
      const audit = (await app.store.audit.list({ escalationId: escalation!.id })).map((e) => e.action);
      expect(audit).toContain('created');

      // The person comes back and finishes the questions. With no pager configured, the first escalation has already
      // run through its policy and expired, so their answers are recorded as an escalation of their own.
      await eventually(async () => ((await app.store.escalations.get(escalation!.id))?.state === 'expired' ? true : undefined), 'the first escalation to expire');
      await play(conversation, [
        ['no', [Q3]],
        ['no', [Q4]],
        ['no', [Q5]],
        ['no', [/phone you today\?/]],
        teamTold,
      ]);
      const all = await escalationsOf(conversation);
      expect(all.map((e) => e.reason.summary)).toEqual([
        escalation!.reason.summary,
        'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 no -> non acute positive',
      ]);
      // Finished: going quiet now files nothing.
      clock.advance(quietMs);
      expect(await app.safetyCheckWatchWorker.runOnce()).toBe(0);
    });
  });

  describe('a third-party report', () => {
    it('someone else at urgent risk: advice for helping them (999 first), no ASQ for the reporter, an urgent call back for the reporter', async () => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('third-party');
      const turns = await play(conversation, [
        [
          'my son says he wants to die',
          [
            first(SHORT_INTRO),
            /It sounds like you're worried about someone else\. If they are in immediate danger, call 999 now or take them to A&E/,
            /NHS 111 and choose option 2/,
            CRISIS_LINE,
            /If it is safe, stay with them/,
            /Would you like someone from the crisis team to call you back about this\?/,
            not(Q1),
          ],
        ],
        ['yes please', [/What UK phone number should the crisis team call\?/]],
        ['0113 496 0123', [/Can the team call you on 0113 496 0123 today\?/]],
        ['yes', [/I've recorded this for the crisis team \(reference \d{4}\)/, /don't wait for us/, not(/as soon as they can/)]],
      ]);
      const escalation = await theEscalation(conversation, turns);
      expect(escalation).toMatchObject({ level: 'urgent', contact: { phone: '+441134960123', consentToContact: true } });
      expect(escalation.reason.summary).toBe('Third-party report (urgent): the person is worried about someone else and asked for a call back');
      const inbound = (await app.store.transcripts.list(conversation.conversationId)).filter((e) => e.direction === 'inbound');
      expect(inbound[0]?.screening).toMatchObject({ level: 'urgent', subject: 'other' });
      const stored = await readStoredConversation(app.store.state, conversation);
      // Risk to someone else is tracked apart: the reporter can still get the safety check later.
      expect(stored?.triage).toMatchObject({ actedLevel: 'none', actedLevelOther: 'urgent' });
      expect(stored?.riskMemory).toMatchObject({ subject: 'other', flags: expect.arrayContaining(['third_party']) });
    });

    it('someone else in immediate danger: 999 in the first message, says it is automated, the team is alerted, no "are you safe?" for the reporter', async () => {
      clock.set(TUESDAY_23_30);
      const conversation = newConversation('third-party-emergency');
      const turns = await play(conversation, [
        [
          'my friend has just taken an overdose',
          [
            first(/999/),
            /automated/,
            /worried about someone else/,
            /call 999 now or take them to A&E/,
            // No Twilio in this app: recorded, not paged, and said so.
            /I've recorded this for our crisis team \(reference [A-Z0-9-]+\), but I can't reach them automatically/,
            /call you back about this\?/,
            not(/Are you safe right now/),
            not(Q1),
          ],
        ],
        ['no', [/numbers are there whenever you need them/]],
      ]);
      expect(turns[0]!.texts.findIndex((t) => /automated/.test(t))).toBeLessThanOrEqual(turns[0]!.texts.findIndex((t) => /worried about someone else/.test(t)));
      // Someone else's emergency is escalated too, without the reporter's phone (they were not asked).
      const escalations = await escalationsOf(conversation);
      expect(escalations.map((e) => [e.level, e.contact.consentToContact, e.contact.phone])).toEqual([['emergency', false, undefined]]);
      expect(escalations[0]!.reason.summary).toContain('Third-party emergency');
      const stored = await readStoredConversation(app.store.state, conversation);
      expect(stored?.triage).toMatchObject({ actedLevel: 'none', actedLevelOther: 'emergency' });
    });

    it('a reporter who then speaks about themselves gets the safety check', async () => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('third-party-then-self');
      await play(conversation, [
        ['my mum keeps saying she wants to die', [/worried about someone else/]],
        ['no', [/numbers are there/]],
        ['honestly i want to die too', [/a few short questions/, Q1]],
      ]);
    });
  });

  describe('a disclosure after the safety check', () => {
    it('is never answered from the knowledge base: the person gets support and crisis numbers again', async () => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('repeat-disclosure');
      await play(conversation, [
        ['i want to die', [Q1]],
        ['no', [Q2]],
        ['no', [Q3]],
        ['no', [Q4]],
        ['no', [/Thank you for answering/]],
        ['no', [/numbers are there/]],
        ['i want to die', [CRISIS_LINE, not(/Source:/), not(/Was this helpful/), not(/appointment/)]],
      ]);
    });
  });

  describe('"stop" on each path', () => {
    interface StopCase {
      name: string;
      /** After "hi" and (except at the consent prompt) "yes" to keeping messages. */
      rows: ScriptRow[];
      escalations: number;
      /** Stopping the safety questions counts as a refusal (ASQ): the crisis team is told before the data goes. */
      stopEscalates?: 'urgent';
    }
    const cases: StopCase[] = [
      { name: 'at the consent prompt', rows: [], escalations: 0 },
      { name: 'in the information dialog', rows: [['what time are you open', [/Was this helpful\?/]]], escalations: 0 },
      { name: 'half-way through the safety questions', rows: [['i want to die', [Q1]], ['yes', [Q2]]], escalations: 0, stopEscalates: 'urgent' },
      { name: 'in the emergency response', rows: [['i have taken all my tablets', [first(EMERGENCY_FIRST), /Are you safe right now\?/]]], escalations: 1 },
      {
        name: 'in a call-back request',
        rows: [
          ['call me back', [/call you back on the next working day \(Wednesday 4 March\)/, /What UK phone number should they call\?/]],
          ['0113 496 0123', [/When is best for the call\?/, button(/^Morning$/)]],
        ],
        escalations: 0,
      },
      { name: 'in the third-party advice', rows: [['my dad says he wants to kill himself', [/call you back about this\?/]]], escalations: 0 },
    ];

    it.each(cases)('$name: message text and the dialog are deleted, the safety record and escalations stay, the numbers are given', async ({ rows, escalations: expectedEscalations, stopEscalates }) => {
      clock.set(TUESDAY_11_00);
      const conversation = newConversation('stop');
      const consentRows: ScriptRow[] = rows.length > 0 ? [['yes', [/I'll keep our messages for 30 days/]]] : [];
      await play(conversation, [['hi', [/automated text service/, /not for emergencies/, /Is it OK to keep our messages\?/]], ...consentRows, ...rows]);

      const textsBefore = await storedTexts(conversation);
      const entriesBefore = await app.store.transcripts.list(conversation.conversationId);
      if (rows.length > 0) expect(textsBefore.length).toBeGreaterThan(0);
      const escalationsBefore = await escalationsOf(conversation);
      expect(escalationsBefore).toHaveLength(expectedEscalations);
      const stateBefore = await readStoredConversation(app.store.state, conversation);
      expect(dialogPath(stateBefore?.dialogState).length).toBeGreaterThan(0);

      const [stopped] = await play(conversation, [
        [
          'stop',
          [
            ...(stopEscalates
              ? [
                  first(/^I'll stop\. Because of what you told me, I've recorded this for the crisis team \(reference [A-Z0-9-]+\)/),
                  /I haven't given them any way to contact you/,
                  /Done\. I've deleted \d+ saved messages? and where we were in this chat/,
                ]
              : [first(/^Done\. I've deleted \d+ saved messages? and where we were in this chat, and I won't keep what you write from now on/)]),
            /The safety record stays, as the privacy notice explains \(https:\/\/www\.example\.nhs\.uk\/privacy\/crisis-text-support\)/,
            /The crisis numbers are still here for you/,
            /999/,
            CRISIS_LINE,
            /NHS 111, choose option 2/,
            /116 123/,
            /85258/,
          ],
        ],
      ]);
      // The number the person is told is the number of messages whose text was erased: everything
      // kept so far plus "stop" itself (recorded before the bot read it), with consent; none without.
      const erasedTexts = textsBefore.length + (rows.length > 0 ? 1 : 0);
      expect(Number(/deleted (\d+) saved/.exec(stopped!.text)?.[1])).toBe(erasedTexts);
      const erased = (await app.store.audit.list({ conversationId: conversation.conversationId })).filter((e) => e.action === 'personal-data-erased');
      expect(erased).toHaveLength(1);
      // Conversations over /api/messages have no Direct Line delivery log to empty.
      expect(erased[0]!.details).toEqual({ transcriptEntries: erasedTexts, deliveryLogActivities: 0 });

      // Text is gone; the entries (with the risk screen's result) remain as the safety record.
      expect(await storedTexts(conversation)).toEqual([]);
      const entriesAfter = await app.store.transcripts.list(conversation.conversationId);
      expect(entriesAfter.length).toBeGreaterThan(entriesBefore.length);
      expect(entriesAfter.filter((e) => e.direction === 'inbound').every((e) => e.screening !== undefined)).toBe(true);
      // Escalations and their audit trail are untouched.
      const escalationsAfter = await escalationsOf(conversation);
      expect(escalationsAfter.slice(0, escalationsBefore.length).map((e) => [e.id, e.level])).toEqual(escalationsBefore.map((e) => [e.id, e.level]));
      expect(escalationsAfter.slice(escalationsBefore.length).map((e) => e.level)).toEqual(stopEscalates ? [stopEscalates] : []);
      for (const escalation of escalationsAfter) {
        expect((await app.store.audit.list({ escalationId: escalation.id })).map((e) => e.action)).toContain('created');
      }
      // Where we were is deleted, consent is off; the risk memory and the level acted on stay.
      const stateAfter = await readStoredConversation(app.store.state, conversation);
      expect(dialogPath(stateAfter?.dialogState)).toEqual([]);
      expect(stateAfter?.privacy?.transcriptConsent).toBe(false);
      expect(stateAfter?.riskMemory?.highestLevel).toBe(stateBefore?.riskMemory?.highestLevel);
      expect(stateAfter?.triage?.actedLevel).toBe(stateBefore?.triage?.actedLevel);

      // The next message starts afresh, and nothing more is kept.
      await play(conversation, [['what time are you open', [/Was this helpful\?/, not(Q1), not(/Are you safe right now/), not(/When is best/)]]]);
      expect(await storedTexts(conversation)).toEqual([]);
      expect(await escalationsOf(conversation)).toHaveLength(expectedEscalations + (stopEscalates ? 1 : 0));
    });
  });

  it('never writes what the person said to the logs at info level', () => {
    const logs = logLines.join('\n');
    expect(logs).toContain('message screened');
    const sentences = [...peopleSaid].filter((s) => s.length > 12);
    expect(sentences.length).toBeGreaterThan(5);
    for (const sentence of sentences) expect({ sentence, logged: logs.includes(sentence) }).toEqual({ sentence, logged: false });
  });
});
