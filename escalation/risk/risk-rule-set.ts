import type { RiskLevel } from './risk-level';

/** Context a rule match can be found in; each one may change the level the rule implies. */
export const CONTEXT_KINDS = ['negated', 'past', 'hypothetical', 'third_party'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

/** One screening rule as written in config/risk-rules.yaml (already validated). */
export interface RiskRuleDefinition {
  id: string;
  category: string;
  level: RiskLevel;
  /** Regular expressions over the normalised text; `{MACRO}` placeholders are expanded first. */
  patterns: string[];
  rationale: string;
  /** Signals the rule asserts, combined by `combinations` (within a message and across a conversation). */
  signals?: string[];
  flags?: string[];
  /** Who is at risk when the rule speaks for itself ("worried about my son" → other); else read from context. */
  subject?: 'self' | 'other';
  /** Context modifiers that must not change this rule's level (e.g. "urges are back" ignores past). */
  contextImmune?: ContextKind[];
  /** Patterns which, found in the same sentence, make the match less certain: one level down. */
  softenedBy?: string[];
  /** Messages this rule must match; checked by the test suite. */
  examples?: string[];
}

/** Signals that together imply a level, e.g. intent + timing → emergency. */
export interface CombinationDefinition {
  id: string;
  allOf: string[];
  level: RiskLevel;
  rationale: string;
  flags?: string[];
}

/** Idioms and innocent uses ("killing me", "bridge club"): blanked out before the rules run. */
export interface InnocentUseDefinition {
  id: string;
  pattern: string;
  rationale: string;
}

export interface NormalisationData {
  /** Look-alike characters from other scripts, mapped to the Latin letter they imitate. */
  homoglyphs: Record<string, string>;
  /** Digits and symbols used as letters inside words ("k1ll", "$uicide"). */
  leet: Record<string, string>;
  /** Emoji with a clear meaning, mapped to words the rules understand. */
  emoji: Record<string, string>;
  /** Whole-word (or phrase) textisms, slang and common misspellings → canonical words. */
  textisms: Record<string, string>;
}

export interface ContextCues {
  /** Regexes that, ending just before a match in the same clause, negate it ("not going to"). */
  negation: string[];
  /** Regexes that, ending just before a match, cancel a negation cue ("cant stop", "not sure"). */
  negationExceptions: string[];
  /** Regexes that, anywhere in the sentence, place the match in the distant past ("years ago"). */
  past: string[];
  /** Regexes that, anywhere in the sentence, make it hypothetical or a question about the service. */
  hypothetical: string[];
  /** Regexes naming a third person as the subject ("my son", "she", "my friend"). */
  thirdPartySubjects: string[];
  /** Regexes naming the speaker as the subject ("i", "im", "me"). */
  firstPersonSubjects: string[];
}

export interface RiskRuleSetDefinition {
  /** Semantic label, e.g. "1.2.0"; the effective version adds a content hash. */
  version: string;
  macros: Record<string, string>;
  normalisation: NormalisationData;
  context: ContextCues;
  innocentUses: InnocentUseDefinition[];
  rules: RiskRuleDefinition[];
  combinations: CombinationDefinition[];
}
