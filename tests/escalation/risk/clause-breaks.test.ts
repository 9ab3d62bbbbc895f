import { BreakFinder } from '../../../escalation/risk/clause-breaks';
import { prng } from '../../support/seeded-random';

const CHARS = ',:(';
const PHRASES = ['but', 'and', 'so', 'now', 'these days', 'at the moment', 'i', 'im', 'i am'];
const WORDS = ['but', 'butter', 'and', 'sand', 'so', 'soon', 'now', 'nowhere', 'these', 'days', 'at', 'the', 'moment', 'i', 'im', 'am', 'x', 'ok', '3'];
const SEPARATORS = [' ', ' ', ' ', ', ', ': ', ' (', '  '];

/** The regex the finder replaces, read sticky at one position of the slice: the definition of a break there. */
const breakAt = new RegExp(`(?:[${CHARS.replace(/[\\\]^-]/g, '\\$&')}]|(?<![a-z0-9])(?:${PHRASES.join('|')})(?![a-z0-9]))`, 'y');

function referenceLastEnd(slice: string): number {
  for (let p = slice.length - 1; p >= 0; p--) {
    breakAt.lastIndex = p;
    const found = breakAt.exec(slice);
    if (found !== null) return p + found[0].length;
  }
  return -1;
}

function referenceFirstStart(slice: string): number {
  for (let p = 0; p < slice.length; p++) {
    breakAt.lastIndex = p;
    if (breakAt.test(slice)) return p;
  }
  return -1;
}

describe('BreakFinder', () => {
  const finder = new BreakFinder(CHARS, PHRASES);

  it('finds breaks as the regex it replaces does, with the slice edges as word edges', () => {
    expect(finder.lastEnd('i want to die but not now', 0, 25)).toBe(25);
    expect(finder.lastEnd('sand and butter', 0, 15)).toBe(8);
    // Inside the slice "utter" the "but" of "butter" is not a word; "and" at the slice start is.
    expect(finder.firstStart('sand and butter', 1, 15)).toBe(1);
    expect(finder.firstStart('nowhere', 0, 7)).toBe(-1);
    expect(finder.lastEnd('', 0, 0)).toBe(-1);
  });

  it('agrees with the regex on 3,000 random texts and slices', () => {
    const next = prng(20261125);
    for (let n = 0; n < 3000; n++) {
      const words = Array.from({ length: 1 + next(12) }, () => WORDS[next(WORDS.length)]);
      const text = words.map((w) => w + SEPARATORS[next(SEPARATORS.length)]).join('');
      const lo = next(text.length);
      const hi = lo + next(text.length - lo + 1);
      const slice = text.slice(lo, hi);
      const expectedLast = referenceLastEnd(slice);
      const expectedFirst = referenceFirstStart(slice);
      const actual = [finder.lastEnd(text, lo, hi), finder.firstStart(text, lo, hi)];
      const expected = [expectedLast < 0 ? -1 : lo + expectedLast, expectedFirst < 0 ? -1 : lo + expectedFirst];
      if (actual[0] !== expected[0] || actual[1] !== expected[1]) {
        throw new Error(`"${text}" [${lo}, ${hi}) = "${slice}": got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    }
  });

  it('refuses a phrase that does not start with a letter or digit', () => {
    expect(() => new BreakFinder('', [' but'])).toThrow(/must start with a-z or 0-9/);
  });
});
