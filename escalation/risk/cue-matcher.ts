import type { CompiledBranch } from './compile-rules';
import { BRANCH_SLOTS, PrefixIndex } from './prefix-index';

/**
 * `regex.test(text)` for a context cue, answered by trying the cue's alternatives (sticky) only where
 * their literal prefixes start. Equivalent because no alternative can match the empty string (see
 * compileBranches) and a match can only start at a candidate. Without branches it falls back to the regex.
 */
export class CueMatcher {
  private readonly index: PrefixIndex | null;

  constructor(
    private readonly regex: RegExp,
    private readonly branches: readonly CompiledBranch[] | null,
  ) {
    this.index = branches === null ? null : new PrefixIndex([branches]);
  }

  test(text: string): boolean {
    if (this.index === null || this.branches === null) {
      this.regex.lastIndex = 0;
      return this.regex.test(text);
    }
    const at = this.index.candidates(text)[0];
    if (at === undefined) return false;
    for (const encoded of at) {
      const start = Math.floor(encoded / BRANCH_SLOTS);
      const sticky = this.branches[encoded - start * BRANCH_SLOTS].sticky;
      sticky.lastIndex = start;
      if (sticky.test(text)) return true;
    }
    return false;
  }
}
