import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../bot/index';
import type { Env } from '../../config/env-schema';
import { loadEnv } from '../../config/load-env';
import { capturedLogger } from '../bot/channels/support/channel-test-kit';
import { dialogPath, first, HttpConversation, not, playHttpScript, readStoredConversation } from '../support/http-conversation';

/**
 * The whole conversation state is in the store, not in memory: the bot process is stopped
 * mid-dialog and a new one is started on the same DATA_DIR (new port), and the person carries on.
 * The clock comes from CRISIS_BOT_NOW, as in a drill (Tuesday 3 March 2026, 11:00 in London).
 */

const Q1 = /In the past few weeks, have you wished you were dead\?/;
const Q2 = /In the past few weeks, have you felt that you or your family would be better off if you were dead\?/;
const Q3 = /In the past week, have you been having thoughts about killing yourself\?/;
const Q4 = /Have you ever tried to kill yourself\?/;
const Q5 = /Are you having thoughts of killing yourself right now\?/;

interface SafetyQuestionOptions {
  answers: string[];
}

function isSafetyQuestionOptions(value: unknown): value is SafetyQuestionOptions {
  return typeof value === 'object' && value !== null && Array.isArray((value as { answers?: unknown }).answers);
}

jest.setTimeout(90_000);

describe('the conversation survives a restart of the bot mid-dialog (POST /api/messages)', () => {
  let dataDir: string;
  let env: Env;
  const running: App[] = [];

  async function startBot(): Promise<App> {
    const app = await createApp({ env, logger: capturedLogger('warn').logger });
    running.push(app);
    return app;
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'http-restart-'));
    env = loadEnv({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', CRISIS_BOT_NOW: '2026-03-03T11:00:00Z' });
  });

  afterAll(async () => {
    for (const app of running) await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('half-way through the safety questions: the new process asks the next question, keeps the answers, consent and risk memory', async () => {
    const before = await startBot();
    const conversation = new HttpConversation(before.url, { conversationId: 'restart-asq' });
    await playHttpScript(conversation, [
      ['hi', [/automated text service/, /Is it OK to keep our messages\?/]],
      ['yes', [/I'll keep our messages for 30 days/]],
      ['i want to die', [/a few short questions/, Q1]],
      ['yes', [Q2]],
    ]);
    await before.close();

    const after = await startBot();
    expect(after.url).not.toBe(before.url);
    // What the new process loads: the ASQ waiting at Q2 with the first answer, and the rest of the state.
    const stored = await readStoredConversation(after.store.state, conversation);
    const stack = dialogPath(stored?.dialogState);
    expect(stack.map((d) => d.id)).toEqual(expect.arrayContaining(['main', 'safety-check', 'safety-check-question']));
    const question = stack.find((d) => d.id === 'safety-check-question');
    expect(isSafetyQuestionOptions(question?.options) ? question.options.answers : undefined).toEqual(['yes']);
    expect(stored?.privacy?.transcriptConsent).toBe(true);
    expect(stored?.riskMemory?.highestLevel).toBe('urgent');
    expect(stored?.triage).toMatchObject({ welcomed: true, consentAsked: true, actedLevel: 'urgent' });

    conversation.baseUrl = after.url;
    const turns = await playHttpScript(conversation, [
      ['no', [first(Q3), not(/a few short questions/), not(Q1), not(/automated/)]],
      ['no', [Q4]],
      ['no', [Q5]],
      ['yes', [/^Please call 999 now/, /recorded this for the crisis team \(reference \d{4}\)/, /Are you safe right now\?/]],
    ]);
    expect(turns[3]!.texts[0]).toMatch(/^Please call 999 now/);

    const escalations = (await after.store.escalations.list({ states: ['open', 'paging', 'acknowledged', 'resolved', 'expired'] })).filter(
      (e) => e.contact.conversationId === conversation.conversationId,
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({
      level: 'emergency',
      reason: { summary: 'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 yes -> acute positive', asqOutcome: 'acute-positive' },
    });
    expect(turns[3]!.text).toContain(`(reference ${escalations[0]!.reference})`);

    // Consent given to the first process still governs the second: what was written after the restart is kept.
    // (Sorted: CRISIS_BOT_NOW starts each process at the same instant, so the restarted bot's entries are timed earlier.)
    // "hi" and the "yes" to keeping messages came before consent, so only their screening is kept.
    const inbound = (await after.store.transcripts.list(conversation.conversationId)).filter((e) => e.direction === 'inbound');
    expect(inbound).toHaveLength(8);
    const kept = inbound.flatMap((e) => (e.text === undefined ? [] : [e.text]));
    expect(kept.sort()).toEqual(['i want to die', 'yes', 'no', 'no', 'no', 'yes'].sort());
  });

  it('half-way through a call-back request: the new process asks for the preferred time, then books it', async () => {
    const before = await startBot();
    const conversation = new HttpConversation(before.url, { conversationId: 'restart-callback' });
    await playHttpScript(conversation, [
      ['call me back', [/next working day \(Wednesday 4 March\)/, /What UK phone number should they call\?/]],
      ['0113 496 0123', [/When is best for the call\?/]],
    ]);
    await before.close();

    const after = await startBot();
    conversation.baseUrl = after.url;
    await playHttpScript(conversation, [
      ['morning', [/Can the team call you on 0113 496 0123 on Wednesday 4 March \(morning\)\?/]],
      ['yes', [/Your call-back request is booked \(reference \d{4}\)\. The team will call 0113 496 0123 on Wednesday 4 March \(morning\)/]],
    ]);
    const escalations = (await after.store.escalations.list({ states: ['open', 'paging', 'acknowledged', 'resolved', 'expired'] })).filter(
      (e) => e.contact.conversationId === conversation.conversationId,
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ level: 'callback', contact: { phone: '+441134960123', preferredTime: 'morning', consentToContact: true } });
  });
});
