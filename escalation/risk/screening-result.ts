import type { RiskLevel, RiskSubject } from './risk-level';

/** One rule that fired, with the exact span of the original message it matched. */
export interface RuleMatch {
  ruleId: string;
  category: string;
  /** Level the rule implies on its own. */
  ruleLevel: RiskLevel;
  /** Level after context (negation, history, hypothetical, third party) was applied. */
  level: RiskLevel;
  /** Matched text, taken from the original (un-normalised) message. */
  text: string;
  start: number;
  end: number;
  /** Context modifiers that applied, e.g. "negated", "past", "hypothetical", "third_party". */
  modifiers: string[];
}

/** What the risk screen says about one message (or a conversation so far). JSON-serialisable. */
export interface ScreeningResult {
  level: RiskLevel;
  subject: RiskSubject;
  /** e.g. "safeguarding", "third_party", "child" */
  flags: string[];
  matches: RuleMatch[];
  /** Content hash of the rule set that produced this result. */
  rulesVersion: string;
  /**
   * Risk signals asserted by the message (e.g. "ideation", "plan", "timing"), after context: negated,
   * past and hypothetical mentions are left out. Conversation memory combines them across messages.
   */
  signals?: string[];
}
