/** One of `list`, drawn with `rand` (from tests/support/seeded-random.ts). */
export function pickWith(rand: (n: number) => number): <T>(list: readonly T[]) => T {
  return (list) => list[rand(list.length)]!;
}

export interface RandomPatternShape {
  /** The leaves: literals, classes, escapes, lookarounds. */
  atoms: readonly string[];
  /** Quantifiers put after a group. */
  quantifiers: readonly string[];
  /** Out of 10 draws for a nested piece: 2 make an alternation, the next `repeatTenths - 2` a quantified group. */
  repeatTenths: number;
}

/**
 * Random regex sources for property tests, shaped like the rules' patterns: `\b(?:…)\b` around one to four pieces,
 * each nested up to two deep. Seeded, so every run draws the same patterns.
 */
export function randomWordPatterns(rand: (n: number) => number, shape: RandomPatternShape): () => string {
  const pick = pickWith(rand);
  const piece = (depth: number): string => {
    const r = rand(10);
    if (depth > 0 && r < 2) return `(?:${piece(depth - 1)}|${piece(depth - 1)})`;
    if (depth > 0 && r < shape.repeatTenths) return `(?:${piece(depth - 1)})${pick(shape.quantifiers)}`;
    return pick(shape.atoms);
  };
  return () => `\\b(?:${Array.from({ length: 1 + rand(4) }, () => piece(2)).join('')})\\b`;
}
