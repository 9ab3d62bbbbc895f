import { compileRuleSet } from '../../../escalation/risk/compile-rules';
import { rule, smallRuleSet } from './small-rule-set';
import { prng } from '../../support/seeded-random';

// Written for this test: two cue kinds shaped like the history and hypothetical cues, with a macro and gaps.
const AGO = 'years|months|ages';
const PAST = ['(?:{AGO}) ago', 'when i was (?:a )?(?:kid|teen|younger)', 'used to'];
const HYPOTHETICAL = ['what (?:would|happens) if', 'for (?:my|an?) (?:essay|project)', 'hypothetically'];
const WORDS = ['years', 'ago', 'agonising', 'when', 'i', 'was', 'a', 'kid', 'kidding', 'used', 'to', 'what', 'would', 'happens', 'if', 'for', 'my', 'essay', 'an', 'project', 'hypothetically', 'die', 'months'];

/** The cues compiled as the screen compiles them, from a small rule set. */
function compiledCues(past: string[], hypothetical: string[]) {
  const definition = smallRuleSet({ rules: [rule('T-die', 'urgent', ['want to die'])], context: { past, hypothetical } });
  return compileRuleSet({ ...definition, macros: { ...definition.macros, AGO } }).context;
}

describe('CueSpotter', () => {
  const cues = compiledCues(PAST, HYPOTHETICAL);
  const spotter = cues.spotter;
  const regexes = [cues.past, cues.hypothetical];

  it('is built when every cue can be analysed, and not for an empty cue kind', () => {
    expect(spotter).not.toBeNull();
    expect(compiledCues(PAST, []).spotter).toBeNull();
  });

  it('answers for any slice exactly as the cue regex on that slice, asking the regex only inside words', () => {
    const next = prng(4821);
    let asked = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + next(14) }, () => WORDS[next(WORDS.length)]).join(next(5) < 4 ? ' ' : ', ');
      const spotted = spotter!.spot(text);
      const lo = next(text.length);
      const hi = lo + next(text.length - lo + 1);
      for (const group of [0, 1]) {
        const expected = regexes[group].test(text.slice(lo, hi));
        const actual = spotted.test(group, lo, hi, (slice) => {
          asked += 1;
          return regexes[group].test(slice);
        });
        if (actual !== expected) throw new Error(`group ${group}, "${text}" [${lo}, ${hi}): got ${actual}, expected ${expected}`);
      }
    }
    // The fallback is for slices that start inside a word; most slices never need it.
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(6000);
  });
});
