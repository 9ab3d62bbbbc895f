import type { TurnScreening } from '../bot/turn/conversation-risk-screen';
import { higherOf, riskRank, type RiskLevel, type RiskSubject } from '../escalation/risk/risk-level';
import type { ScreeningResult } from '../escalation/risk/screening-result';

export type RiskAction =
  | { kind: 'none' }
  | { kind: 'emergency'; subject: RiskSubject }
  | { kind: 'urgent'; subject: RiskSubject }
  | { kind: 'concern'; subject: RiskSubject };

/** The highest level the dialogs have already responded to, for the person and for someone else. */
export interface ActedLevels {
  self: RiskLevel;
  other: RiskLevel;
}

function levelFor(subject: RiskSubject, ...results: ScreeningResult[]): RiskLevel {
  return results.reduce<RiskLevel>((level, r) => (r.subject === subject ? higherOf(level, r.level) : level), 'none');
}

/**
 * What the dialogs must do about risk this turn. Pure.
 * - An emergency message always gets the emergency response, however often it comes.
 * - Otherwise only a rise above what was already acted on triggers a response, so an urgent
 *   conversation is not re-questioned on every later message. Risk to the person and risk to
 *   someone else are tracked apart: helping a worried parent does not stand in for asking the
 *   parent about themselves later.
 */
export function decideRiskAction(screening: TurnScreening | undefined, acted: ActedLevels): RiskAction {
  if (!screening) return { kind: 'none' };
  const { message, conversation } = screening;
  if (message.level === 'emergency') return { kind: 'emergency', subject: message.subject };
  const self = levelFor('self', message, conversation);
  if (riskRank(self) > riskRank(acted.self)) return action(self, 'self');
  const other = levelFor('other', message, conversation);
  if (riskRank(other) > riskRank(acted.other)) return action(other, 'other');
  return { kind: 'none' };
}

function action(level: RiskLevel, subject: RiskSubject): RiskAction {
  return level === 'none' ? { kind: 'none' } : { kind: level, subject };
}

/**
 * A new urgent disclosure about the person long after their last safety check (or emergency response) is assessed
 * again: the old answers no longer say how they are now, and SMS conversations never end. Pure. A conversation whose
 * last response has no time (state from before it was kept) counts as long ago.
 */
export function needsReassessment(
  screening: TurnScreening | undefined,
  acted: ActedLevels,
  selfActedAt: string | undefined,
  now: Date,
  repeatAfterMs: number,
): boolean {
  const message = screening?.message;
  if (!message || message.subject !== 'self' || riskRank(message.level) < riskRank('urgent')) return false;
  if (riskRank(acted.self) < riskRank('urgent')) return false;
  return selfActedAt === undefined || now.getTime() - Date.parse(selfActedAt) >= repeatAfterMs;
}
