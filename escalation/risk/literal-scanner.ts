import type { Alphabet } from './alphabet';

/**
 * Finds, in one pass over a text (Aho–Corasick), which required literals occur and where the last one
 * starts, and from that, per requirement (a set of literals, one of which every match contains), the last
 * position at which one of its literals starts. Results are kept per scan, told apart by the caller's epoch,
 * so nothing is cleared between messages.
 */
export class LiteralScanner {
  private readonly width: number;
  /** Complete automaton: `delta[state × width + class]` → state. */
  private readonly delta: Int32Array;
  /** Literal ending at a state (-1 none), and the next state down the failure chain that ends a literal (-1 none). */
  private readonly literalAt: Int32Array;
  private readonly outputLink: Int32Array;
  private readonly lengths: Int32Array;
  /** Requirements containing literal l: requirementsOf[requirementStart[l] .. requirementStart[l+1]). */
  private readonly requirementStart: Int32Array;
  private readonly requirementsOf: Int32Array;
  private readonly last: Int32Array;
  private readonly stamp: Int32Array;
  /** The requirements found by the last scan: present[0 .. presentCount). */
  readonly present: Int32Array;
  presentCount = 0;

  constructor(
    literals: readonly string[],
    requirementLiterals: readonly (readonly number[])[],
    private readonly alphabet: Alphabet,
  ) {
    const width = alphabet.size;
    this.width = width;
    const goto: number[] = new Array<number>(width).fill(-1);
    const literalAt: number[] = [-1];
    literals.forEach((literal, id) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const slot = state * width + alphabet.classOf[literal.charCodeAt(i)];
        let child = goto[slot];
        if (child === -1) {
          child = literalAt.length;
          literalAt.push(-1);
          for (let k = 0; k < width; k++) goto.push(-1);
          goto[slot] = child;
        }
        state = child;
      }
      literalAt[state] = id;
    });
    const states = literalAt.length;
    const delta = new Int32Array(states * width);
    const fail = new Int32Array(states);
    const outputLink = new Int32Array(states).fill(-1);
    // Breadth first: a state's failure target is shallower, so its transitions are complete when needed.
    const queue: number[] = [];
    for (let c = 0; c < width; c++) {
      const child = goto[c];
      if (child > 0 && c !== 0) {
        delta[c] = child;
        queue.push(child);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const f = fail[state];
      outputLink[state] = literalAt[f] !== -1 ? f : outputLink[f];
      for (let c = 0; c < width; c++) {
        const child = c === 0 ? -1 : goto[state * width + c];
        if (child > 0) {
          delta[state * width + c] = child;
          fail[child] = delta[f * width + c];
          queue.push(child);
        } else {
          delta[state * width + c] = delta[f * width + c];
        }
      }
    }
    this.delta = delta;
    this.literalAt = Int32Array.from(literalAt);
    this.outputLink = outputLink;
    this.lengths = Int32Array.from(literals, (l) => l.length);

    const byLiteral: number[][] = literals.map(() => []);
    requirementLiterals.forEach((ids, requirement) => {
      for (const id of ids) byLiteral[id].push(requirement);
    });
    const start = new Int32Array(literals.length + 1);
    let total = 0;
    byLiteral.forEach((list, id) => {
      start[id] = total;
      total += list.length;
    });
    start[literals.length] = total;
    this.requirementStart = start;
    this.requirementsOf = Int32Array.from(byLiteral.flat());
    this.last = new Int32Array(requirementLiterals.length);
    this.stamp = new Int32Array(requirementLiterals.length);
    this.present = new Int32Array(requirementLiterals.length);
  }

  /** Records, for this epoch, the last start of a literal of every requirement found in `text`. */
  scan(text: string, epoch: number): void {
    const { delta, width, literalAt, outputLink, lengths, requirementStart, requirementsOf, last, stamp, present } = this;
    const classOf = this.alphabet.classOf;
    let presentCount = 0;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = delta[state * width + classOf[text.charCodeAt(i)]];
      for (let s = literalAt[state] !== -1 ? state : outputLink[state]; s !== -1; s = outputLink[s]) {
        const literal = literalAt[s];
        const begin = i + 1 - lengths[literal];
        for (let r = requirementStart[literal], end = requirementStart[literal + 1]; r < end; r++) {
          const requirement = requirementsOf[r];
          if (stamp[requirement] !== epoch) {
            stamp[requirement] = epoch;
            last[requirement] = begin;
            present[presentCount++] = requirement;
          } else if (begin > last[requirement]) {
            last[requirement] = begin;
          }
        }
      }
    }
    this.presentCount = presentCount;
  }

  /** Last start of a literal of `requirement` in the text scanned with `epoch`, or -1 if none occurs. */
  lastStart(requirement: number, epoch: number): number {
    return this.stamp[requirement] === epoch ? this.last[requirement] : -1;
  }

  resetStamps(): void {
    this.stamp.fill(0);
  }
}
