import { MemoryStorage } from 'botbuilder';
import { DialogHarness } from '../support/dialog-harness';
import { RecordingEscalationRequester, InMemoryTranscriptStore } from '../support/dialog-test-doubles';
import { not, playTranscript } from '../support/dialog-transcript';

/**
 * All dialog state is in ConversationState over the store: a new engine instance (a restarted or
 * second bot process) over the same storage carries on where the conversation was.
 */
describe('the conversation survives a bot restart mid-dialog', () => {
  function twoInstances() {
    const shared = { storage: new MemoryStorage(), transcripts: new InMemoryTranscriptStore(), escalations: new RecordingEscalationRequester() };
    return { first: new DialogHarness(shared), second: () => new DialogHarness(shared), shared };
  }

  test('half-way through the safety questions', async () => {
    const { first, second, shared } = twoInstances();
    await playTranscript(first, [
      ['i want to die', 'wished you were dead', 'urgent'],
      ['yes', 'better off if you were dead'],
    ]);
    const restarted = second();
    await playTranscript(restarted, [
      ['no', ['thoughts about killing yourself', not('a few short questions')]],
      ['no', 'ever tried to kill yourself'],
      ['no', 'thoughts of killing yourself right now'],
      ['yes', ['call 999 now', "I've alerted"]],
    ]);
    expect(shared.escalations.requests[0]).toMatchObject({ level: 'emergency', reason: { summary: 'ASQ: Q1 yes, Q2 no, Q3 no, Q4 no, Q5 yes -> acute positive' } });
  });

  test('half-way through a call-back booking, and the risk memory is kept too', async () => {
    const { first, second, shared } = twoInstances();
    await playTranscript(first, [
      ['i feel a bit low, can someone call me back', ['things are hard', '01632 960 999', 'call you back?'], 'concern'],
      ['yes', 'What UK phone number'],
      ['0113 496 0123', 'When is best'],
    ]);
    const restarted = second();
    await playTranscript(restarted, [
      ['morning', 'Can the team call you on 0113 496 0123'],
      ['yes', 'booked (reference CR-0001)'],
      // The conversation was already at "concern": a quiet message does not bring the support message back.
      ['thanks', [not('things are hard')]],
    ]);
    expect(shared.escalations.requests[0]).toMatchObject({ level: 'callback', contact: { preferredTime: 'morning' } });
  });
});

describe('concern', () => {
  test('a rise to concern gives support and numbers; mid-dialog it does not cancel what the person is doing', async () => {
    await playTranscript(new DialogHarness(), [
      ['call me back', 'What UK phone number'],
      ['im struggling a lot lately', ['things are hard', 'Samaritans', 'What UK phone number'], 'concern'],
      ['0113 496 0123', 'When is best'],
    ]);
  });
});

describe('logging', () => {
  test('message text never reaches the info log', async () => {
    const harness = new DialogHarness();
    const secret = 'my neighbour Bob Example at 12 Acacia Avenue';
    await playTranscript(harness, [
      [`i want to die, ${secret}`, 'wished you were dead', 'urgent'],
      ['sort of', 'better off'],
    ]);
    const logs = harness.logLines.join('\n');
    expect(logs).toContain('ROUTE_RISK_RISE');
    expect(logs).not.toContain('Acacia');
    expect(logs).not.toContain('sort of');
  });
});
