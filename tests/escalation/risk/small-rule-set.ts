import type { RiskRuleDefinition, RiskRuleSetDefinition, InnocentUseDefinition, ContextCues, CombinationDefinition } from '../../../escalation/risk/risk-rule-set';
import { RiskScreen } from '../../../escalation/risk/risk-screen';

/**
 * A small rule set built inside a test, so an engine behaviour is checked against rules the test can see
 * (no mocks, no dependency on the real rules, which other people edit). Cues mirror the real ones in spirit.
 */
export const SMALL_CONTEXT: ContextCues = {
  negation: ['not|never|dont|do not|wont|will not|isnt|is not|no (?:plans?|intention|thoughts?)'],
  negationExceptions: ['not sure|dont know|not ok|not okay|dont want to be|no one|no point'],
  past: ['years ago|used to|when i was (?:younger|a kid)'],
  hypothetical: ['what happens if|for my essay|hypothetically'],
  thirdPartySubjects: [
    '(?:my|our|a|his|her|their) (?:{PERSON})s?',
    'he|she|they|hes|shes|theyre|theyve|hed|shed|theyd|he is|she is|they are|someone|somebody',
  ],
  firstPersonSubjects: ['i|im|ive|id|ill|me|myself|i am|i have|i will'],
};

export const SMALL_MACROS: Record<string, string> = {
  PERSON: 'son|daughter|mum|dad|partner|friend|sister|brother|boyfriend|girlfriend|husband|wife|child|kid|baby',
  GAP3: '(?:[a-z0-9]+ ){0,3}?',
};

export function rule(id: string, level: RiskRuleDefinition['level'], patterns: string[], extra: Partial<RiskRuleDefinition> = {}): RiskRuleDefinition {
  return { id, category: extra.category ?? 'test', level, patterns, rationale: 'test rule', ...extra };
}

export function innocentUse(id: string, pattern: string): InnocentUseDefinition {
  return { id, pattern, rationale: 'test idiom' };
}

export function smallRuleSet(parts: {
  rules: RiskRuleDefinition[];
  innocentUses?: InnocentUseDefinition[];
  combinations?: CombinationDefinition[];
  context?: Partial<ContextCues>;
}): RiskRuleSetDefinition {
  return {
    version: '0.0.1',
    macros: SMALL_MACROS,
    normalisation: { homoglyphs: {}, leet: {}, emoji: {}, textisms: {} },
    context: { ...SMALL_CONTEXT, ...parts.context },
    innocentUses: parts.innocentUses ?? [],
    rules: parts.rules,
    combinations: parts.combinations ?? [],
  };
}

/** The default (prefiltered) screen and the full-scan reference screen for one rule set; tests check both agree. */
export function screensFor(definition: RiskRuleSetDefinition): { fast: RiskScreen; full: RiskScreen } {
  return { fast: new RiskScreen(definition, '0.0.1'), full: new RiskScreen(definition, '0.0.1', { prefilter: false }) };
}
