import { compileRuleSet } from '../../../escalation/risk/compile-rules';
import { rule, smallRuleSet } from './small-rule-set';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
    const next = random(4821);
    let asked = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 14) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(next() < 0.8 ? ' ' : ', ');
      const spotted = spotter!.spot(text);
      const lo = Math.floor(next() * text.length);
      const hi = lo + Math.floor(next() * (text.length - lo + 1));
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
