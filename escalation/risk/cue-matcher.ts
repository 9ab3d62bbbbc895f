import type { CompiledBranch } from './compile-rules';
import { PrefixIndex } from './prefix-index';

/**
 * `regex.test(text)` for a context cue, answered by trying the cue's alternatives (sticky) only where
 * their literal prefixes start. Equivalent because no alternative can match the empty string (see
 * compileBranches) and a match can only start at a candidate. Without branches it falls back to the regex.
 */
export class CueMatcher {
  private readonly index: PrefixIndex | null;
  /** Matches in one sentence ask about the same text: the last answer is kept (the answer depends only on the text). */
  private lastText: string | null = null;
  private lastAnswer = false;

  constructor(
    private readonly regex: RegExp,
    private readonly branches: readonly CompiledBranch[] | null,
  ) {
    this.index = branches === null ? null : new PrefixIndex([branches]);
  }

  test(text: string): boolean {
    if (text === this.lastText) return this.lastAnswer;
    const answer = this.search(text);
    this.lastText = text;
    this.lastAnswer = answer;
    return answer;
  }

  private search(text: string): boolean {
    const { index, branches } = this;
    if (index === null || branches === null) {
      this.regex.lastIndex = 0;
      return this.regex.test(text);
    }
    return index.someCandidate(text, (start, _group, branch) => {
      const sticky = branches[branch].sticky;
      sticky.lastIndex = start;
      return sticky.test(text);
    });
  }
}
