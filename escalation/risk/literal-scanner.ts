import type { Alphabet } from './alphabet';

/**
 * Finds, in one pass over a text (Aho–Corasick), which required literals occur and where the last one
 * starts, and from that, per requirement (a set of literals, one of which every match contains), the last
 * position at which one of its literals starts, and every position at which one starts (see nextStart).
 * Results are kept per scan, told apart by the caller's epoch, so nothing is cleared between messages.
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

  /**
   * Per scan, by literal: whether it occurs (stamp), where it last starts, and all its starts as a linked list
   * in ascending order (one literal's occurrences are found in the order they end, which is the order they start):
   * occurrenceStart/occurrenceNext from literalFirst[l]. The occurrence buffers grow with the longest text seen.
   */
  private readonly literalStamp: Int32Array;
  private readonly literalLast: Int32Array;
  private readonly literalFirst: Int32Array;
  private readonly literalTail: Int32Array;
  private readonly presentLiterals: Int32Array;
  private occurrenceStart: Int32Array = new Int32Array(1024);
  private occurrenceNext: Int32Array = new Int32Array(1024);
  /** Literals of requirement r: literalsOf[literalsStart[r] .. literalsStart[r+1]). */
  private readonly literalsStart: Int32Array;
  private readonly literalsOf: Int32Array;
  /**
   * Per scan, by requirement, listed on its first nextStart (memberStamp): those of its literals that occur,
   * members[memberFrom[r] .. memberTo[r]). Never more entries than literalsOf holds.
   */
  private readonly memberStamp: Int32Array;
  private readonly memberFrom: Int32Array;
  private readonly memberTo: Int32Array;
  private readonly members: Int32Array;
  private membersFilled = 0;
  /** Per literal, its first occurrence at or after the last position asked about (asks come in ascending order). */
  private readonly literalCursor: Int32Array;

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
    this.literalStamp = new Int32Array(literals.length);
    this.literalLast = new Int32Array(literals.length);
    this.literalFirst = new Int32Array(literals.length);
    this.literalTail = new Int32Array(literals.length);
    this.presentLiterals = new Int32Array(literals.length);
    this.literalsStart = new Int32Array(requirementLiterals.length + 1);
    requirementLiterals.forEach((ids, requirement) => (this.literalsStart[requirement + 1] = this.literalsStart[requirement] + ids.length));
    this.literalsOf = Int32Array.from(requirementLiterals.flat());
    this.memberStamp = new Int32Array(requirementLiterals.length);
    this.memberFrom = new Int32Array(requirementLiterals.length);
    this.memberTo = new Int32Array(requirementLiterals.length);
    this.members = new Int32Array(this.literalsOf.length);
    this.literalCursor = new Int32Array(literals.length);
  }

  /** Records, for this epoch, where the literals occur in `text`, and the last start of each requirement found. */
  scan(text: string, epoch: number): void {
    const { delta, width, literalAt, outputLink, lengths, presentLiterals } = this;
    const { literalStamp, literalLast, literalFirst, literalTail, literalCursor } = this;
    const classOf = this.alphabet.classOf;
    let presentLiteralCount = 0;
    let occurrences = 0;
    let occurrenceStart = this.occurrenceStart;
    let occurrenceNext = this.occurrenceNext;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = delta[state * width + classOf[text.charCodeAt(i)]];
      for (let s = literalAt[state] !== -1 ? state : outputLink[state]; s !== -1; s = outputLink[s]) {
        const literal = literalAt[s];
        const begin = i + 1 - lengths[literal];
        if (occurrences === occurrenceStart.length) {
          this.occurrenceStart = occurrenceStart = grown(occurrenceStart);
          this.occurrenceNext = occurrenceNext = grown(occurrenceNext);
        }
        occurrenceStart[occurrences] = begin;
        occurrenceNext[occurrences] = -1;
        if (literalStamp[literal] !== epoch) {
          literalStamp[literal] = epoch;
          literalFirst[literal] = occurrences;
          literalCursor[literal] = occurrences;
          presentLiterals[presentLiteralCount++] = literal;
        } else {
          occurrenceNext[literalTail[literal]] = occurrences;
        }
        literalTail[literal] = occurrences++;
        literalLast[literal] = begin;
      }
    }
    this.collectRequirements(presentLiteralCount, epoch);
  }

  /** Each requirement's last start, from the last start of each literal found (once per literal, not per occurrence). */
  private collectRequirements(presentLiteralCount: number, epoch: number): void {
    const { requirementStart, requirementsOf, last, stamp, present, presentLiterals, literalLast } = this;
    let presentCount = 0;
    for (let k = 0; k < presentLiteralCount; k++) {
      const literal = presentLiterals[k];
      const begin = literalLast[literal];
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
    this.presentCount = presentCount;
    this.membersFilled = 0;
  }

  /** Last start of a literal of `requirement` in the text scanned with `epoch`, or -1 if none occurs. */
  lastStart(requirement: number, epoch: number): number {
    return this.stamp[requirement] === epoch ? this.last[requirement] : -1;
  }

  /**
   * The first start, at or after `from`, of a literal of `requirement` in the text scanned with `epoch`, or -1.
   * Within one scan, `from` must never decrease from one ask to the next (the index walks forward), so each
   * literal's occurrences are passed over once.
   */
  nextStart(requirement: number, from: number, epoch: number): number {
    if (this.stamp[requirement] !== epoch) return -1;
    if (this.memberStamp[requirement] !== epoch) this.listMembers(requirement, epoch);
    const { members, literalCursor, occurrenceStart, occurrenceNext } = this;
    let first = -1;
    for (let m = this.memberFrom[requirement], to = this.memberTo[requirement]; m < to; m++) {
      const literal = members[m];
      let o = literalCursor[literal];
      while (o !== -1 && occurrenceStart[o] < from) o = occurrenceNext[o];
      literalCursor[literal] = o;
      if (o !== -1 && (first < 0 || occurrenceStart[o] < first)) first = occurrenceStart[o];
    }
    return first;
  }

  /** Lists the requirement's literals that occur in the text scanned with `epoch`. */
  private listMembers(requirement: number, epoch: number): void {
    const { literalsOf, literalStamp, members } = this;
    let filled = this.membersFilled;
    this.memberFrom[requirement] = filled;
    for (let k = this.literalsStart[requirement], end = this.literalsStart[requirement + 1]; k < end; k++) {
      if (literalStamp[literalsOf[k]] === epoch) members[filled++] = literalsOf[k];
    }
    this.memberTo[requirement] = filled;
    this.memberStamp[requirement] = epoch;
    this.membersFilled = filled;
  }

  resetStamps(): void {
    this.stamp.fill(0);
    this.literalStamp.fill(0);
    this.memberStamp.fill(0);
  }
}

function grown(buffer: Int32Array): Int32Array {
  const larger = new Int32Array(buffer.length * 2);
  larger.set(buffer);
  return larger;
}
