import { compileRuleSet, RuleCompileError } from '../../../escalation/risk/compile-rules';
import type { RiskRuleDefinition, RiskRuleSetDefinition } from '../../../escalation/risk/risk-rule-set';

// A small rule set written for these tests.

function ruleSet(patterns: string[], extra: Partial<RiskRuleSetDefinition> = {}): RiskRuleSetDefinition {
  const rule: RiskRuleDefinition = { id: 'TEST-rule', category: 'test', level: 'urgent', patterns, rationale: 'test' };
  return {
    version: '0.0.1',
    macros: { VERB: 'kill|end|hurt' },
    normalisation: { homoglyphs: {}, leet: {}, emoji: {}, textisms: {} },
    context: {
      negation: ['not'],
      negationExceptions: ['not sure'],
      past: ['years ago', 'used to'],
      hypothetical: ['what if'],
      thirdPartySubjects: ['my friend'],
      firstPersonSubjects: ['i'],
    },
    innocentUses: [{ id: 'idiom', pattern: 'killing me', rationale: 'test' }],
    rules: [rule],
    combinations: [],
    ...extra,
  };
}

function compileError(patterns: string[]): string {
  try {
    compileRuleSet(ruleSet(patterns));
  } catch (err) {
    expect(err).toBeInstanceOf(RuleCompileError);
    return (err as Error).message;
  }
  throw new Error('expected a compile error');
}

describe('compileRuleSet', () => {
  it('rejects a pattern that can match nothing, whether or not the literal analysis understands it', () => {
    expect(compileError(['(?:abc)?'])).toMatch(/rule "TEST-rule" pattern #1: matches the empty string/);
    expect(compileError(['x', '(a)?\\1'])).toMatch(/pattern #2: matches the empty string/);
    expect(compileError(['(?!a)|b'])).toMatch(/matches the empty string/);
  });

  it('accepts patterns the analysis cannot prove non-empty but that are', () => {
    expect(() => compileRuleSet(ruleSet(['(a)\\1', '(?:(?=x)|y)z']))).not.toThrow();
  });

  it('still names invalid regexes and nested unbounded quantifiers', () => {
    expect(compileError(['(abc'])).toMatch(/pattern #1: not a valid regular expression/);
    expect(compileError(['(?:\\w+ )*done'])).toMatch(/nested unbounded quantifier/);
    expect(compileError(['{NOPE}'])).toMatch(/unknown macro \{NOPE\}/);
  });

  it('splits rules into indexed branches with prefixes, gap marks and required literals', () => {
    const compiled = compileRuleSet(ruleSet(['i want to {VERB} myself', 'im done']));
    const branches = compiled.rules[0].branches;
    expect(branches).not.toBeNull();
    expect(branches?.map((b) => b.prefixes)).toEqual([['i'], ['im']]);
    expect(branches?.[0].gapFollowed).toEqual(['i']);
    expect(branches?.[0].required).toContainEqual(['myself']);
    expect(branches?.[0].sticky.sticky).toBe(true);
  });

  it('gives the context cue matchers the same answers as their regexes', () => {
    const { context } = compileRuleSet(ruleSet(['die']));
    for (const text of ['ten years ago i', 'i used to', 'used', 'what if i did', 'whatif', '', 'years  ago', 'years,ago']) {
      expect(context.pastMatcher.test(text)).toBe(context.past.test(text));
      expect(context.hypotheticalMatcher.test(text)).toBe(context.hypothetical.test(text));
    }
  });
});
