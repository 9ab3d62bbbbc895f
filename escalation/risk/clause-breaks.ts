/** `[a-z0-9]`: what the context regexes' `(?<![a-z0-9])` / `(?![a-z0-9])` edges treat as part of a word. */
export function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/**
 * Finds the words and characters that end a clause or a scope ("but", "now", ",") by scanning characters, as the
 * regex `[chars]|(?<![a-z0-9])(?:w1|w2|…)(?![a-z0-9])` reads the slice `text[lo, hi)`: the slice's edges count as
 * word edges, and at each position the first alternative (in order) that matches is taken. Scanning backwards for
 * the last break costs one pass, where a `.*(?:…)` regex retries from every start (quadratic on a long clause).
 */
export class BreakFinder {
  private readonly isBreakChar = new Uint8Array(128);
  /** Phrases by their first character code (all start with a–z or 0–9), in the order given. */
  private readonly byFirst: (readonly string[] | undefined)[] = new Array<readonly string[] | undefined>(128);

  constructor(chars: string, phrases: readonly string[]) {
    for (let i = 0; i < chars.length; i++) this.isBreakChar[chars.charCodeAt(i)] = 1;
    const grouped = new Map<number, string[]>();
    for (const phrase of phrases) {
      const first = phrase.charCodeAt(0);
      if (!isWordChar(first)) throw new Error(`break phrase "${phrase}" must start with a-z or 0-9`);
      const list = grouped.get(first) ?? [];
      list.push(phrase);
      grouped.set(first, list);
    }
    for (const [first, list] of grouped) this.byFirst[first] = list;
  }

  /** End of the break starting at `p` in the slice `text[lo, hi)`, or -1. */
  private endAt(text: string, p: number, lo: number, hi: number): number {
    const code = text.charCodeAt(p);
    if (code >= 128) return -1;
    if (this.isBreakChar[code] === 1) return p + 1;
    const phrases = this.byFirst[code];
    if (phrases === undefined || (p > lo && isWordChar(text.charCodeAt(p - 1)))) return -1;
    for (let i = 0; i < phrases.length; i++) {
      const phrase = phrases[i];
      const end = p + phrase.length;
      if (end > hi || !text.startsWith(phrase, p)) continue;
      if (end === hi || !isWordChar(text.charCodeAt(end))) return end;
    }
    return -1;
  }

  /** End of the break that starts last in `text[lo, hi)`, or -1 when there is none. */
  lastEnd(text: string, lo: number, hi: number): number {
    for (let p = hi - 1; p >= lo; p--) {
      const end = this.endAt(text, p, lo, hi);
      if (end >= 0) return end;
    }
    return -1;
  }

  /** Start of the first break in `text[lo, hi)`, or -1 when there is none. */
  firstStart(text: string, lo: number, hi: number): number {
    for (let p = lo; p < hi; p++) if (this.endAt(text, p, lo, hi) >= 0) return p;
    return -1;
  }
}
