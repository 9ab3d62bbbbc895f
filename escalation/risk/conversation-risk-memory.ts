import { higherOf, riskRank, type RiskLevel, type RiskSubject } from './risk-level';
import type { CombinationDefinition } from './risk-rule-set';
import type { RuleMatch, ScreeningResult } from './screening-result';

/** What a conversation has shown so far. Plain JSON so it can be stored with the conversation state. */
export interface ConversationRiskMemory {
  highestLevel: RiskLevel;
  subject: RiskSubject;
  flags: string[];
  /** Signals asserted anywhere in the conversation (plan, means, timing, …). */
  signals: string[];
  /** The matches that set the highest level, so the conversation-level result stays explainable. */
  peakMatches: RuleMatch[];
  messageCount: number;
  rulesVersion: string;
}

/**
 * Folds one message's screening result into the conversation. The returned result never drops below the
 * highest level already reached, and signals from different messages combine (plan, then timing → emergency).
 * Pure: no clock, no I/O; `combinations` come from the rule set (RiskScreen.accumulate passes them).
 */
export function accumulate(
  memory: ConversationRiskMemory | undefined,
  result: ScreeningResult,
  combinations: readonly CombinationDefinition[] = [],
): { result: ScreeningResult; memory: ConversationRiskMemory } {
  const previous: ConversationRiskMemory = memory ?? {
    highestLevel: 'none',
    subject: 'self',
    flags: [],
    signals: [],
    peakMatches: [],
    messageCount: 0,
    rulesVersion: result.rulesVersion,
  };
  const signals = new Set([...previous.signals, ...(result.signals ?? [])]);
  const flags = new Set([...previous.flags, ...result.flags]);

  const combined: RuleMatch[] = [];
  for (const combination of combinations) {
    if (!combination.allOf.every((s) => signals.has(s))) continue;
    // Only worth reporting when it needs the earlier messages: within one message the screen already did it.
    const ownSignals = new Set(result.signals ?? []);
    if (combination.allOf.every((s) => ownSignals.has(s))) continue;
    combined.push({
      ruleId: combination.id,
      category: 'combination',
      ruleLevel: combination.level,
      level: combination.level,
      text: '',
      start: 0,
      end: 0,
      modifiers: ['conversation', `signals:${combination.allOf.join('+')}`],
    });
    for (const flag of combination.flags ?? []) flags.add(flag);
  }

  let level = result.level;
  for (const match of combined) level = higherOf(level, match.level);
  const raisedByMessage = riskRank(level) > riskRank(previous.highestLevel);
  const conversationLevel = higherOf(level, previous.highestLevel);
  const held = riskRank(previous.highestLevel) > riskRank(level);

  const subject: RiskSubject = raisedByMessage || riskRank(previous.highestLevel) === 0 ? result.subject : previous.subject;
  const peakMatches = raisedByMessage ? [...result.matches, ...combined] : previous.peakMatches;
  const matches = held ? [...result.matches, ...combined, ...previous.peakMatches.map((m) => ({ ...m, modifiers: [...m.modifiers, 'earlier_message'] }))] : [...result.matches, ...combined];

  const nextMemory: ConversationRiskMemory = {
    highestLevel: conversationLevel,
    subject,
    flags: [...flags].sort(),
    signals: [...signals].sort(),
    peakMatches,
    messageCount: previous.messageCount + 1,
    rulesVersion: result.rulesVersion,
  };
  return {
    result: {
      level: conversationLevel,
      subject,
      flags: held ? [...nextMemory.flags, 'held_from_earlier_message'].sort() : nextMemory.flags,
      matches,
      rulesVersion: result.rulesVersion,
      signals: nextMemory.signals,
    },
    memory: nextMemory,
  };
}
