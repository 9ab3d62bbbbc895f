import { BRANCH_SLOTS, PrefixIndex, type IndexedBranch } from '../../../escalation/risk/prefix-index';
import { prng } from '../../support/seeded-random';

// Every text and literal here was written for these tests.

const GAP = /[\s,]/;

function isWord(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** Word edges at positions from+1 .. to of the text (\b between two characters). */
function edgesBetween(text: string, from: number, to: number): number {
  let edges = 0;
  for (let i = from + 1; i <= to; i++) if (isWord(text[i - 1]) !== isWord(text[i])) edges++;
  return edges;
}

/** Whether `literal` starts at or after `start`, within `reach` word edges of it. */
function occursWithin(text: string, literal: string, start: number, reach: number): boolean {
  const at = text.indexOf(literal, start);
  // Later occurrences are no nearer in word edges.
  return at !== -1 && edgesBetween(text, start, at) <= reach;
}

/**
 * The definition, written naively: word edge + prefix (+ gap) + every required set still occurring after the
 * start, within the branch's reach in word edges.
 */
function naiveCandidates(groups: readonly (readonly IndexedBranch[] | null)[], text: string): (number[] | undefined)[] {
  return groups.map((branches) => {
    if (branches === null) return undefined;
    const out: number[] = [];
    for (let start = 0; start < text.length; start++) {
      if (isWord(text[start - 1]) === isWord(text[start])) continue;
      branches.forEach((branch, b) => {
        const startsHere = branch.prefixes.some((prefix) => {
          if (!text.startsWith(prefix, start)) return false;
          if (!(branch.gapFollowed ?? []).includes(prefix)) return true;
          return GAP.test(text[start + prefix.length] ?? '');
        });
        const reach = branch.maxWordEdges ?? Infinity;
        const requirementsLeft = branch.required.every((set) => set.some((literal) => occursWithin(text, literal, start, reach)));
        if (startsHere && requirementsLeft) out.push(start * BRANCH_SLOTS + b);
      });
    }
    return out.length > 0 ? out : undefined;
  });
}

describe('PrefixIndex', () => {
  const groups: IndexedBranch[][] = [
    [
      { prefixes: ['want'], required: [['die', 'dead']] },
      { prefixes: ['i'], gapFollowed: ['i'], required: [['tablets', 'pills']] },
    ],
    [
      { prefixes: ['he', 'hes'], required: [] },
      { prefixes: ['h'], required: [['elp']] },
    ],
  ];
  const index = new PrefixIndex([...groups, null]);

  it('lists a branch only where its prefix starts at a word edge', () => {
    expect(index.candidates('unwanted. want to be dead')[0]).toEqual([10 * BRANCH_SLOTS + 0]);
  });

  it('drops a branch when a required literal set is absent, or occurs only before the position', () => {
    expect(index.candidates('i want to sleep')[0]).toBeUndefined();
    expect(index.candidates('dead tired, i want')[0]).toBeUndefined();
    expect(index.candidates('i want to die')[0]).toEqual([2 * BRANCH_SLOTS + 0]);
  });

  it('requires the space or comma after a gap-followed prefix', () => {
    expect(index.candidates('is it the pills')[0]).toBeUndefined();
    expect(index.candidates('i, took pills')[0]).toEqual([0 * BRANCH_SLOTS + 1]);
    // A long text, where the index keeps lists of live branches per prefix from the first time it meets one.
    const long = 'i, took pills '.repeat(40);
    expect(index.candidates(long)[0]).toEqual(Array.from({ length: 40 }, (_, k) => k * 14 * BRANCH_SLOTS + 1));
  });

  it('drops a branch when a required literal is further from the position than a match can reach', () => {
    const near = new PrefixIndex([[{ prefixes: ['want'], required: [['die']], maxWordEdges: 4 }]]);
    // "want to die" spans 4 word edges; "want to sleep and die" would need 8.
    expect(near.candidates('i want to die')[0]).toEqual([2 * BRANCH_SLOTS]);
    expect(near.candidates('i want to sleep and die')[0]).toBeUndefined();
    expect(near.candidates('want to sleep, want to die')[0]).toEqual([15 * BRANCH_SLOTS]);
    expect(near.candidates('want to die, want to sleep')[0]).toEqual([0]);
  });

  it('lists each branch once per position, ascending, even when several of its prefixes start there', () => {
    const at = (start: number, branch: number) => start * BRANCH_SLOTS + branch;
    expect(index.candidates('hes here to help')[1]).toEqual([at(0, 0), at(0, 1), at(4, 0), at(4, 1), at(12, 0), at(12, 1)]);
  });

  it('leaves unindexed groups undefined and handles empty and non-ASCII text', () => {
    expect(index.candidates('')).toEqual([undefined, undefined, undefined]);
    expect(index.candidates('ça va, hé hes')[1]).toEqual([10 * BRANCH_SLOTS + 0]);
  });

  it('someCandidate stops at the first accepted candidate, in candidate order', () => {
    const seen: string[] = [];
    const found = index.someCandidate('hes here to help', (start, group, branch) => {
      seen.push(`${start}:${group}:${branch}`);
      return start === 4;
    });
    expect(found).toBe(true);
    expect(seen).toEqual(['0:1:0', '0:1:1', '4:1:0']);
    expect(index.someCandidate('nothing at all', () => true)).toBe(false);
  });

  it('gives the same answer when reused for many texts (per-call state is not carried over)', () => {
    const texts = ['i want to die', 'i want to sleep', 'want to be dead', 'nothing', 'i want to die'];
    const once = texts.map((t) => new PrefixIndex([...groups, null]).candidates(t));
    expect(texts.map((t) => index.candidates(t))).toEqual(once);
  });

  it('gives the naive answer on a long text with thousands of literal occurrences', () => {
    const longGroups: IndexedBranch[][] = [
      [{ prefixes: ['ab'], required: [['bc', 'cab']], maxWordEdges: 2 }],
      [{ prefixes: ['x'], required: [['abc']] }],
    ];
    const text = 'ab abc '.repeat(400) + 'ab x ab '.repeat(300) + 'abc';
    expect(new PrefixIndex(longGroups).candidates(text)).toEqual(naiveCandidates(longGroups, text));
  });

  it('matches the naive definition on random branches with a reach, and short and long texts (property)', () => {
    const next = prng(9001);
    // The generator's low bits repeat with short periods; its higher bits make the choices independent.
    const rand = (n: number) => Math.floor((next(1 << 24) / (1 << 24)) * n);
    const pick = <T>(list: readonly T[]) => list[rand(list.length)];
    const pieces = ['a', 'b', 'ab', 'ba', 'c', 'a b', 'b,a'];
    let reachDropped = 0;
    for (let round = 0; round < 80; round++) {
      const randomGroups: IndexedBranch[][] = Array.from({ length: 1 + rand(3) }, () =>
        Array.from({ length: 1 + rand(4) }, () => {
          const prefixes = [...new Set(Array.from({ length: 1 + rand(2) }, () => pick(['a', 'b', 'ab', 'c'])))].sort();
          const gapFollowed = prefixes.filter(() => rand(3) === 0);
          const required = Array.from({ length: rand(3) }, () => [...new Set(Array.from({ length: 1 + rand(2) }, () => pick(pieces)))]);
          return { prefixes, gapFollowed, required, maxWordEdges: pick([undefined, 0, 1, 2, 3, 4, 6, 9]) };
        }),
      );
      const randomIndex = new PrefixIndex(randomGroups);
      const unlimited = new PrefixIndex(randomGroups.map((branches) => branches.map((b) => ({ ...b, maxWordEdges: undefined }))));
      for (let t = 0; t < 20; t++) {
        const length = t % 4 === 3 ? 256 + rand(100) : rand(24);
        const text = Array.from({ length }, () => pick(['a', 'b', 'c', ' ', ',', 'x', '_', '.'])).join('');
        const found = randomIndex.candidates(text);
        expect({ text, found }).toEqual({ text, found: naiveCandidates(randomGroups, text) });
        reachDropped += unlimited.candidates(text).flat().length - found.flat().length;
      }
    }
    // The reach must have ruled out many candidates, or this test says nothing about it.
    expect(reachDropped).toBeGreaterThan(1000);
  });

  it('matches the naive definition on random branches and texts (property)', () => {
    const rand = prng(424242);
    const pieces = ['a', 'b', 'ab', 'ba', 'c', 'abc', 'x'];
    const pick = <T>(list: readonly T[]) => list[rand(list.length)];
    for (let round = 0; round < 60; round++) {
      const randomGroups: IndexedBranch[][] = Array.from({ length: 1 + rand(3) }, () =>
        Array.from({ length: 1 + rand(4) }, () => {
          const prefixes = [...new Set(Array.from({ length: 1 + rand(3) }, () => pick(pieces)))].sort();
          const gapFollowed = prefixes.filter(() => rand(3) === 0);
          const required = Array.from({ length: rand(3) }, () => [...new Set(Array.from({ length: 1 + rand(2) }, () => pick(pieces) + pick(pieces)))]);
          const maxWordEdges = pick([undefined, Infinity, 0, 1, 2, 3, 5]);
          return { prefixes, gapFollowed, required, maxWordEdges };
        }),
      );
      const randomIndex = new PrefixIndex(randomGroups);
      for (let t = 0; t < 40; t++) {
        // Mostly short texts, and some long enough for the index to keep per-node lists of live branches.
        const length = t % 4 === 3 ? 256 + rand(200) : rand(16);
        const text = Array.from({ length }, () => pick(['a', 'b', 'c', ' ', ',', 'x', '_', '.'])).join('');
        expect({ text, found: randomIndex.candidates(text) }).toEqual({ text, found: naiveCandidates(randomGroups, text) });
      }
    }
  });
});
