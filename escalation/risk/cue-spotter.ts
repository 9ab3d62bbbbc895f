import { expandMacros, widenSpaces } from './compile-rules';
import { BRANCH_SLOTS, PrefixIndex, type IndexedBranch } from './prefix-index';
import { LiteralAnalyser, topLevelBranches } from './regex-prefixes';

interface SpottableBranch extends IndexedBranch {
  readonly sticky: RegExp;
}

/** JavaScript's \b word characters (no u/i flags), as the prefix index reads word edges. */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * The alternatives of a cue regex `\b(?:p1|p2|…)\b` (as compile-rules builds it from the patterns), sticky, with
 * their literal prefixes; null when one is not understood (the caller then asks the cue's own matcher).
 */
function spottableBranches(
  patterns: readonly string[],
  macros: Record<string, string>,
  where: string,
  analyser: LiteralAnalyser,
): SpottableBranch[] | null {
  const branches: SpottableBranch[] = [];
  for (let i = 0; i < patterns.length; i++) {
    const body = widenSpaces(expandMacros(patterns[i], macros, `${where} pattern #${i + 1}`));
    const parts = topLevelBranches(body);
    if (parts === null) return null;
    for (const part of parts) {
      const source = `\\b(?:${part})\\b`;
      const literals = analyser.analyse(source);
      if (literals === null || literals.prefixes === null || literals.nullable) return null;
      let sticky: RegExp;
      try {
        sticky = new RegExp(source, 'y');
      } catch {
        return null;
      }
      branches.push({
        sticky,
        prefixes: literals.prefixes,
        gapFollowed: literals.gapFollowed,
        required: literals.required,
      });
    }
  }
  return branches.length > 0 && branches.length < BRANCH_SLOTS ? branches : null;
}

/**
 * Context cues (history, hypothetical) are asked about many slices of one message: the scope of each match, its
 * sentence. One pass of a prefix index over the whole message finds every place a cue could start; a slice then
 * only tries the cue where the whole message had a candidate inside it. Exact: a slice's own candidates (after
 * its first character) are among the message's, because the slice holds the same characters with fewer required
 * literals and gaps in reach; a slice starting inside a word (where only the slice sees a word edge) is asked
 * the usual way.
 */
export class CueSpotter {
  private constructor(
    private readonly index: PrefixIndex,
    private readonly groups: readonly (readonly SpottableBranch[])[],
  ) {}

  /** One group per cue kind, in order; null unless every cue kind could be analysed. */
  static build(cues: readonly (readonly string[])[], macros: Record<string, string>, names: readonly string[]): CueSpotter | null {
    const analyser = new LiteralAnalyser();
    const groups: SpottableBranch[][] = [];
    for (let g = 0; g < cues.length; g++) {
      if (cues[g].length === 0) return null;
      const branches = spottableBranches(cues[g], macros, `context ${names[g]}`, analyser);
      if (branches === null) return null;
      groups.push(branches);
    }
    return new CueSpotter(new PrefixIndex(groups), groups);
  }

  /** The candidates of every cue in `text`, to answer questions about its slices. */
  spot(text: string): SpottedCues {
    return new SpottedCues(text, this.index.candidates(text), this.groups);
  }
}

export class SpottedCues {
  constructor(
    private readonly text: string,
    private readonly candidates: readonly (readonly number[] | undefined)[],
    private readonly groups: readonly (readonly SpottableBranch[])[],
  ) {}

  /** Whether cue group `group` matches `text.slice(lo, hi)`; `ask(slice)` answers when the candidates cannot. */
  test(group: number, lo: number, hi: number, ask: (slice: string) => boolean): boolean {
    const { text } = this;
    if (lo > 0 && lo < hi && isWordCode(text.charCodeAt(lo)) && isWordCode(text.charCodeAt(lo - 1))) return ask(text.slice(lo, hi));
    const list = this.candidates[group];
    if (list === undefined) return false;
    const first = lo * BRANCH_SLOTS;
    const last = hi * BRANCH_SLOTS;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid] < first) low = mid + 1;
      else high = mid;
    }
    const branches = this.groups[group];
    let slice: string | null = null;
    for (let k = low; k < list.length && list[k] < last; k++) {
      const position = Math.floor(list[k] / BRANCH_SLOTS);
      slice ??= text.slice(lo, hi);
      const sticky = branches[list[k] - position * BRANCH_SLOTS].sticky;
      sticky.lastIndex = position - lo;
      if (sticky.test(slice)) return true;
    }
    return false;
  }
}
