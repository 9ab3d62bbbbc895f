import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_RISK_RULES_PATH, loadRiskRules, parseRiskRules, RiskRulesError } from '../../../config/load-risk-rules';
import { findNestedQuantifier } from '../../../escalation/risk/compile-rules';
import { RiskScreen } from '../../../escalation/risk/risk-screen';

const yamlText = readFileSync(DEFAULT_RISK_RULES_PATH, 'utf8');
/** Part files are read beside the real main file, so an edited copy of the main text still loads its parts. */
const readPart = (relativePath: string) => readFileSync(path.resolve(path.dirname(DEFAULT_RISK_RULES_PATH), relativePath), 'utf8');

function withEdit(edit: (doc: Record<string, unknown> & { rules: Record<string, unknown>[] }) => void): string {
  const doc = parse(yamlText);
  edit(doc);
  return stringify(doc);
}

function problemsOf(text: string): string {
  try {
    parseRiskRules(text, 'test rules', readPart);
  } catch (err) {
    expect(err).toBeInstanceOf(RiskRulesError);
    return (err as Error).message;
  }
  throw new Error('expected the rules to be rejected');
}

describe('risk rules loading', () => {
  it('loads the real rules with a label + content-hash version', () => {
    const { version, definition } = loadRiskRules();
    expect(version.startsWith(`${definition.version}+`)).toBe(true);
  });

  it('the version changes when the content changes', () => {
    const a = parseRiskRules(yamlText, 'rules', readPart).version;
    const b = parseRiskRules(`${yamlText}\n# a comment\n`, 'rules', readPart).version;
    expect(a).not.toBe(b);
  });

  it('names the rule id and field of a schema error', () => {
    const text = withEdit((doc) => {
      doc.rules[0].level = 'critical';
    });
    expect(problemsOf(text)).toMatch(/rule "ATTEMPT-overdose-taken" → level/);
  });

  it('rejects a rule without rationale, naming it', () => {
    const text = withEdit((doc) => {
      delete doc.rules[1].rationale;
    });
    expect(problemsOf(text)).toMatch(/rule "ATTEMPT-in-progress" → rationale/);
  });

  it('rejects an invalid regular expression, naming the rule and pattern', () => {
    const text = withEdit((doc) => {
      doc.rules[2].patterns = ['(unclosed'];
    });
    expect(problemsOf(text)).toMatch(/rule "LOCATION-at-edge" pattern #1: not a valid regular expression/);
  });

  it('rejects catastrophic nested quantifiers', () => {
    const text = withEdit((doc) => {
      doc.rules[2].patterns = ['(?:\\w+ )*die'];
    });
    expect(problemsOf(text)).toMatch(/nested unbounded quantifier/);
    expect(findNestedQuantifier('(?:[a-z]+ ){0,3}?die')).toBeNull();
    expect(findNestedQuantifier('(a+)+')).not.toBeNull();
  });

  it('rejects unknown macros and combinations on unknown signals', () => {
    expect(problemsOf(withEdit((doc) => { doc.rules[2].patterns = ['{NOPE}']; }))).toMatch(/unknown macro \{NOPE\}/);
    expect(
      problemsOf(withEdit((doc) => { (doc.combinations as Record<string, unknown>[])[0].allOf = ['intent', 'nonsense']; })),
    ).toMatch(/signal "nonsense"/);
  });

  it('rejects duplicate rule ids', () => {
    expect(problemsOf(withEdit((doc) => { doc.rules[1].id = doc.rules[0].id; }))).toMatch(/duplicate rule id/);
  });

  it('rejects a file that is not YAML', () => {
    expect(problemsOf('rules: [unclosed')).toMatch(/not valid YAML/);
  });

  it('every rule example matches its own rule', () => {
    const { definition, version } = loadRiskRules();
    const screen = new RiskScreen(definition, version);
    const failures: string[] = [];
    for (const rule of definition.rules) {
      for (const example of rule.examples ?? []) {
        const hit = screen.screen(example).matches.some((m) => m.ruleId === rule.id);
        if (!hit) failures.push(`${rule.id}: "${example}"`);
      }
    }
    expect(failures).toEqual([]);
  });
});
