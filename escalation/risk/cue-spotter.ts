import type { CompiledBranch } from './compile-rules';
import { BRANCH_SLOTS, PrefixIndex } from './prefix-index';
import { isWordCode } from './word-characters';

/**
 * Context cues (history, hypothetical) are asked about many slices of one message: the scope of each match, its
 * sentence. One pass of a prefix index over the whole message finds every place a cue could start; a slice then
 * only tries the cue where the whole message had a candidate inside it. Exact: a slice's own candidates (after
 * its first character) are among the message's, because the slice holds the same characters with fewer required
 * literals and gaps in reach; a slice starting inside a word (where only the slice sees a word edge) is asked
 * the usual way.
 */
export class CueSpotter {
  private readonly index: PrefixIndex;

  /**
   * One group per cue kind, in order: the cue's alternatives as compile-rules splits them, none of which can match
   * the empty string (a cue that might would be found in a slice where the whole message had no candidate).
   */
  constructor(private readonly groups: readonly (readonly CompiledBranch[])[]) {
    this.index = new PrefixIndex(groups);
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
    private readonly groups: readonly (readonly CompiledBranch[])[],
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
