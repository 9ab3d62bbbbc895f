import { analyseLiterals, LiteralAnalyser } from '../../../escalation/risk/regex-prefixes';
import { prng } from '../../support/seeded-random';
import { pickWith, randomWordPatterns } from '../../support/random-word-pattern';

// Every pattern and text here was written for these tests.

describe('literal analysis', () => {
  it('requires runs of literals in the middle of a pattern, not only its start', () => {
    const literals = analyseLiterals('\\b(?:(?:isnt|is[\\s,]+not|not)[\\s,]+waking[\\s,]+up)\\b');
    expect(literals?.required).toContainEqual(['waking']);
  });

  it('marks prefixes that a space or comma must follow', () => {
    const literals = analyseLiterals('\\b(?:(?:im|i[\\s,]+am)[\\s,]+over)\\b');
    expect(literals?.prefixes).toEqual(['i', 'im']);
    expect(literals?.gapFollowed).toEqual(['i']);
    const optional = analyseLiterals('\\b(?:i(?:[\\s,]+am)?[\\s,]*sad)\\b');
    // "i" then a gap, or "isad" with no gap at all: both are listed, and only the first needs the gap.
    expect(optional?.prefixes).toEqual(['i', 'isad']);
    expect(optional?.gapFollowed).toEqual(['i']);
    expect(analyseLiterals('\\b(?:i[\\s,]*sad)\\b')?.gapFollowed).toEqual(['i']);
    expect(analyseLiterals('\\b(?:i[\\s,]*)\\b')?.gapFollowed).toEqual([]);
  });

  it('never lists a gap marker as a literal', () => {
    const literals = analyseLiterals('\\b(?:want[\\s,]+to[\\s,]+(?:die|go))\\b');
    for (const set of literals?.required ?? []) for (const literal of set) expect(literal).toMatch(/^[a-z]+$/);
    expect(literals?.prefixes).toEqual(['want']);
  });

  it('drops a required set every prefix already contains', () => {
    const literals = analyseLiterals('\\b(?:(?:enough|plenty)[\\s,]+pills)\\b');
    expect(literals?.required).toEqual([['pills']]);
  });

  it('says a pattern cannot match nothing only when that is so', () => {
    expect(analyseLiterals('\\b(?:abc)\\b')?.nullable).toBe(false);
    expect(analyseLiterals('\\b(?:abc)?\\b')?.nullable).toBe(true);
    expect(analyseLiterals('\\b(?:(?=a)|b)\\b')?.nullable).toBe(true);
  });

  it('bounds how many word edges a match can span', () => {
    const edges = (source: string) => analyseLiterals(`\\b(?:${source})\\b`)?.maxWordEdges;
    expect(edges('want[\\s,]+to[\\s,]+(?:die|go)')).toBe(4);
    expect(edges('[a-z]+')).toBe(0);
    // "a b c ": each word and each gap is one run, however long.
    expect(edges('(?:[a-z]+[\\s,]+){0,3}?[a-z]+')).toBe(6);
    expect(edges('i(?:[\\s,]+am)?[\\s,]*sad')).toBe(4);
    expect(edges('kill[\\s,]+(?!time)[a-z]+')).toBe(2);
    expect(edges('a.b')).toBe(2);
    expect(edges('a[^x]*b')).toBe(Infinity);
    expect(edges('(?:a b)+')).toBe(Infinity);
  });

  it('does not analyse patterns holding the gap marker character itself', () => {
    expect(analyseLiterals('\\b(?:a\\uffff)\\b')).toBeNull();
    expect(analyseLiterals('\\b(?:a\uffff)\\b')).toBeNull();
  });

  it('gives the same answers with shared group analyses as without (cache is exact)', () => {
    const analyser = new LiteralAnalyser();
    const macro = '(?:kill|end|hurt|harm)(?:ing|ed)?';
    const sources = [
      `\\b(?:${macro}[\\s,]+myself)\\b`,
      `\\b(?:want[\\s,]+to[\\s,]+${macro})\\b`,
      `\\b(?:${macro})\\b`,
      `\\b(?:(?:${macro})+[\\s,]+it)\\b`,
      `\\b(?:(?=${macro})[a-z]+)\\b`,
    ];
    for (const source of [...sources, ...sources]) expect(analyser.analyse(source)).toEqual(analyseLiterals(source));
  });

  it('is sound on random patterns: no match without a prefix, a gap after gap-followed prefixes, and each required literal (property)', () => {
    const rand = prng(77);
    const atoms = ['a', 'b', 'ab', 'ba', 'c', '[ab]', '[\\s,]', '[\\s,]+', '[,\\s]*', '\\w', '(?=a)', '(?<!b)', ' ', ','];
    const pick = pickWith(rand);
    const nextPattern = randomWordPatterns(rand, { atoms, quantifiers: ['?', '*', '+', '{0,2}?', '{1,2}'], repeatTenths: 3 });
    const analyser = new LiteralAnalyser();
    let checked = 0;
    for (let p = 0; p < 500; p++) {
      const source = nextPattern();
      let regex: RegExp;
      try {
        regex = new RegExp(source, 'g');
      } catch {
        continue;
      }
      const literals = analyser.analyse(source);
      expect(literals).toEqual(analyseLiterals(source));
      for (let t = 0; t < 30; t++) {
        const text = Array.from({ length: rand(14) }, () => pick(['a', 'b', 'c', ' ', ',', 'x', '\n', '\t'])).join('');
        for (const m of text.matchAll(regex)) {
          if (m[0].length === 0) continue;
          checked++;
          const at = m.index ?? 0;
          if (literals?.prefixes) {
            const starting = literals.prefixes.filter((prefix) => text.startsWith(prefix, at));
            expect(starting.length).toBeGreaterThan(0);
            const plain = starting.filter((prefix) => !literals.gapFollowed.includes(prefix));
            if (plain.length === 0) expect(starting.some((prefix) => /[\s,]/.test(text[at + prefix.length] ?? ''))).toBe(true);
          }
          if (literals?.nullable === false) expect(new RegExp(`^(?:${source})$`).test('')).toBe(false);
          for (const set of literals?.required ?? []) expect(set.some((literal) => m[0].includes(literal))).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('never has a match spanning more word edges than it says (property)', () => {
    const rand = prng(91);
    const atoms = ['a', 'b', 'ab', 'a_', '1', '[ab]', '[a ]', '[a-c]', '[^a]', '.', ' ', ','];
    atoms.push('\\w+', '\\W', '\\s*', '\\S', '\\d', '[\\s,]', '[\\s,]+', '(?=a)', '(?<!b)', '\\b');
    const pick = pickWith(rand);
    const nextPattern = randomWordPatterns(rand, { atoms, quantifiers: ['?', '*', '+', '{0,2}?', '{1,3}', '{2}'], repeatTenths: 4 });
    const wordEdges = (text: string) => {
      let edges = 0;
      for (let i = 1; i < text.length; i++) if (/\w/.test(text[i - 1]) !== /\w/.test(text[i])) edges++;
      return edges;
    };
    let checked = 0;
    let bounded = 0;
    for (let p = 0; p < 600; p++) {
      const source = nextPattern();
      let regex: RegExp;
      try {
        regex = new RegExp(source, 'y');
      } catch {
        continue;
      }
      const literals = analyseLiterals(source);
      if (literals === null) continue;
      if (literals.maxWordEdges !== Infinity) bounded++;
      for (let t = 0; t < 30; t++) {
        const text = Array.from({ length: rand(16) }, () => pick(['a', 'b', 'c', '1', '_', ' ', ',', 'x', '\n', '.'])).join('');
        // Every start, not only where a global scan would look: the index tries a branch at any word edge.
        for (let at = 0; at < text.length; at++) {
          regex.lastIndex = at;
          const m = regex.exec(text);
          if (m === null || m[0].length === 0) continue;
          checked++;
          expect({ source, text: m[0], edges: wordEdges(m[0]) <= literals.maxWordEdges }).toEqual({ source, text: m[0], edges: true });
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(bounded).toBeGreaterThan(100);
  });
});
