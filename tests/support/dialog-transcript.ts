import type { ScriptedRisk } from './dialog-test-doubles';
import { visibleText, type DialogHarness } from './dialog-harness';
import type { RiskLevel } from '../../escalation/risk/risk-level';

/** The person opens the chat (no message yet). */
export const OPENS_CHAT = Symbol('opens chat');

export type Expectation = string | RegExp | { not: string | RegExp };
/**
 * One turn of a transcript table, readable by a clinician:
 * [what the person says, what the bot must say (text or pattern; all must appear), what the risk screen finds]
 */
export type TranscriptTurn = [person: string | typeof OPENS_CHAT, bot: Expectation | Expectation[], risk?: RiskLevel | ScriptedRisk];

export function not(pattern: string | RegExp): { not: string | RegExp } {
  return { not: pattern };
}

function found(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.toLowerCase().includes(pattern.toLowerCase()) : pattern.test(text);
}

/** Plays the table turn by turn; returns what the bot said on each turn. */
export async function playTranscript(harness: DialogHarness, turns: TranscriptTurn[]): Promise<string[]> {
  const said: string[] = [];
  for (const [index, [person, expected, risk]] of turns.entries()) {
    const activities =
      person === OPENS_CHAT ? await harness.join() : await harness.say(person, typeof risk === 'string' ? { level: risk } : risk);
    const text = visibleText(activities);
    said.push(text);
    for (const expectation of [expected].flat()) {
      const ok = typeof expectation === 'object' && 'not' in expectation ? !found(text, expectation.not) : found(text, expectation);
      if (!ok) {
        const who = person === OPENS_CHAT ? '(opens the chat)' : JSON.stringify(person);
        throw new Error(`Turn ${index + 1}: person says ${who}\nexpected the bot to ${
          typeof expectation === 'object' && 'not' in expectation ? `NOT say ${String(expectation.not)}` : `say ${String(expectation)}`
        }\nbot said:\n${text || '(nothing)'}`);
      }
    }
  }
  return said;
}
