import { Alphabet } from './alphabet';
import { LiteralScanner } from './literal-scanner';
import { isWordCode } from './word-characters';

/** What the index needs to know about one alternative of a pattern (see regex-prefixes.ts). */
export interface IndexedBranch {
  /** Every match starts, at a word edge, with one of these. */
  readonly prefixes: readonly string[];
  /** Those of `prefixes` after which every match continues with one character of [\s,] (optional). */
  readonly gapFollowed?: readonly string[];
  /** Every match contains, for each set, one of its literals somewhere; [] when nothing is known. */
  readonly required: readonly (readonly string[])[];
  /**
   * No match has more word edges than this between its first and last character (absent: unbounded), so each
   * required literal starts within that many word edges of the match start.
   */
  readonly maxWordEdges?: number;
}

/** Candidates are encoded as position × BRANCH_SLOTS + branch, so one numeric order orders both. */
export const BRANCH_SLOTS = 65536;

/**
 * Texts at least this long list each visited trie node's live owners (see liveOwners): only they meet the same
 * prefixes again and again; in a short message the copy costs more than it saves. The candidates are the same.
 */
const LIVE_LISTS_FROM_LENGTH = 256;

/** Branch limit meaning "one of its required literals is absent": never a candidate. */
const ABSENT = -1;
const UNLIMITED = 0x7fffffff;

/** [\s,] as JavaScript reads it (no u flag), by UTF-16 code unit: the gap a literal space in a rule becomes. */
const GAP_CHARS: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  const gap = /[\s,]/;
  for (let code = 0; code < 65536; code++) if (gap.test(String.fromCharCode(code))) table[code] = 1;
  return table;
})();

/**
 * Finds, in one left-to-right pass, every position where a pattern branch could start a match: a word edge
 * (every indexed branch regex begins with \b) at which one of the branch's literal prefixes begins (and, for
 * gap-followed prefixes, is followed by a space or comma), and after which each of the branch's required
 * literal sets still occurs (a match contains them), within the branch's reach in word edges (a match spans at
 * most that many, so in a long message a literal further on does not make every earlier prefix a candidate).
 * Each branch is then only tried (sticky) at those positions instead of scanning the whole text. Built once
 * per rule set.
 *
 * The prefixes are a trie over a compact alphabet (dense transition table); the required literals are found
 * by one Aho–Corasick pass over the text (see literal-scanner.ts), so a message costs one pass for the
 * literals plus one short walk per word edge, whatever the number of rules.
 */
export class PrefixIndex {
  readonly groupCount: number;
  private readonly alphabet: Alphabet;
  /** Prefix trie: `next[node × alphabet.size + class]`, 0 = no child (the root is never a child). */
  private readonly next: Int32Array;
  /**
   * Branches (global ids, ascending) one of whose prefixes ends at node n: owners[ownerStart[2n] .. ownerStart[2n+1])
   * hold in any case, owners[ownerStart[2n+1] .. ownerStart[2n+2]) only when a space or comma follows.
   */
  private readonly ownerStart: Int32Array;
  private readonly owners: Int32Array;
  /** Global branch id → group and branch within the group; ids ascend with (group, branch). */
  private readonly groupOf: Int32Array;
  private readonly branchOf: Int32Array;
  /** Requirement ids of global branch b: requirements[requirementStart[b] .. requirementStart[b+1]). */
  private readonly requirementStart: Int32Array;
  private readonly requirements: Int32Array;
  private readonly scanner: LiteralScanner;

  /** Branches whose first requirement is r: keyed[keyedStart[r] .. keyedStart[r+1]). */
  private readonly keyedStart: Int32Array;
  private readonly keyed: Int32Array;
  /** A branch's limit when none of its requirements was found: unlimited if it has none, else ABSENT. */
  private readonly unstampedLimit: Int32Array;
  /** Per branch: its required literals start within this many word edges of a match start (UNLIMITED: unknown). */
  private readonly reach: Int32Array;

  /** Per call (screening is synchronous): the last position at which a branch could start; valid when stamped. */
  private readonly branchLimit: Int32Array;
  private readonly branchStamp: Int32Array;
  /** Branch ids found at the current position (never more than the owner entries on one trie path). */
  private readonly hits: Int32Array;
  /**
   * Per call: the owners of each visited node that the text can match at all (their required literals occur;
   * in a long message most do not), laid out as ownerStart/owners: liveOwners[liveBounds[3n] .. liveBounds[3n+1])
   * in any case, then up to liveBounds[3n+2] when a space or comma follows. Filled on the node's first visit
   * (liveStamp), which reads every owner anyway, so later visits pass over only these. Long texts only.
   */
  private readonly liveStamp: Int32Array;
  private readonly liveBounds: Int32Array;
  private readonly liveOwners: Int32Array;
  private liveFilled = 0;
  /** Per call: edgesBefore[i] = word edges at positions 1..i of the text (grows with the longest text). */
  private edgesBefore: Int32Array = new Int32Array(1024);
  private epoch = 0;

  /** `groups[g][b]` describes branch b of group g (a rule); null groups are not indexed. */
  constructor(groups: readonly (readonly IndexedBranch[] | null)[]) {
    this.groupCount = groups.length;
    const branches: IndexedBranch[] = [];
    const groupOf: number[] = [];
    const branchOf: number[] = [];
    groups.forEach((list, group) => {
      if (list === null) return;
      if (list.length >= BRANCH_SLOTS) throw new Error(`pattern group ${group} has too many branches (${list.length})`);
      list.forEach((branch, index) => {
        branches.push(branch);
        groupOf.push(group);
        branchOf.push(index);
      });
    });
    this.groupOf = Int32Array.from(groupOf);
    this.branchOf = Int32Array.from(branchOf);

    const literals: string[] = [];
    const literalId = new Map<string, number>();
    const requirementLiterals: number[][] = [];
    const requirementStart = [0];
    const requirements: number[] = [];
    const requirementId = new Map<string, number>();
    for (const branch of branches) {
      for (const set of branch.required) {
        const ids = [...new Set(set)].map((literal) => {
          let id = literalId.get(literal);
          if (id === undefined) {
            id = literals.length;
            literals.push(literal);
            literalId.set(literal, id);
          }
          return id;
        });
        ids.sort((a, b) => a - b);
        const key = ids.join(',');
        let requirement = requirementId.get(key);
        if (requirement === undefined) {
          requirement = requirementLiterals.length;
          requirementLiterals.push(ids);
          requirementId.set(key, requirement);
        }
        requirements.push(requirement);
      }
      requirementStart.push(requirements.length);
    }
    this.requirementStart = Int32Array.from(requirementStart);
    this.requirements = Int32Array.from(requirements);
    const byFirst: number[][] = requirementLiterals.map(() => []);
    this.unstampedLimit = new Int32Array(branches.length);
    branches.forEach((_, id) => {
      if (requirementStart[id] === requirementStart[id + 1]) this.unstampedLimit[id] = UNLIMITED;
      else {
        this.unstampedLimit[id] = ABSENT;
        byFirst[requirements[requirementStart[id]]].push(id);
      }
    });
    this.reach = Int32Array.from(branches, (branch, id) => {
      const edges = branch.maxWordEdges ?? Infinity;
      return requirementStart[id] === requirementStart[id + 1] || edges >= UNLIMITED ? UNLIMITED : edges;
    });
    this.keyedStart = new Int32Array(byFirst.length + 1);
    byFirst.forEach((list, r) => (this.keyedStart[r + 1] = this.keyedStart[r] + list.length));
    this.keyed = Int32Array.from(byFirst.flat());

    this.alphabet = new Alphabet([...branches.flatMap((b) => b.prefixes), ...literals]);
    this.scanner = new LiteralScanner(literals, requirementLiterals, this.alphabet);

    const trie = buildPrefixTrie(branches, this.alphabet);
    this.next = trie.next;
    this.ownerStart = trie.ownerStart;
    this.owners = trie.owners;
    this.branchLimit = new Int32Array(branches.length);
    this.branchStamp = new Int32Array(branches.length);
    this.hits = new Int32Array(trie.owners.length + 1);
    const nodes = trie.ownerStart.length >> 1;
    this.liveStamp = new Int32Array(nodes);
    this.liveBounds = new Int32Array(3 * nodes);
    this.liveOwners = new Int32Array(trie.owners.length);
  }

  /**
   * Per group: encoded candidates (position × BRANCH_SLOTS + branch), ascending, without duplicates;
   * `undefined` where a group has none. Linear in the text length: each walk stops at the first
   * character no prefix continues with.
   */
  candidates(text: string): (number[] | undefined)[] {
    const found: (number[] | undefined)[] = new Array(this.groupCount);
    const { groupOf, branchOf, hits } = this;
    this.walk(text, (start, count) => {
      for (let k = 0; k < count; k++) {
        const id = hits[k];
        const group = groupOf[id];
        const encoded = start * BRANCH_SLOTS + branchOf[id];
        const list = found[group];
        if (list === undefined) found[group] = [encoded];
        else list.push(encoded);
      }
      return false;
    });
    return found;
  }

  /**
   * Whether `accept(start, group, branch)` holds for some candidate of `text`; stops at the first that does.
   * Candidates are offered in the order `candidates` lists them (by position, then group and branch).
   * `accept` must not use this index itself (the walk keeps its per-call state on the instance).
   */
  someCandidate(text: string, accept: (start: number, group: number, branch: number) => boolean): boolean {
    const { groupOf, branchOf, hits } = this;
    return this.walk(text, (start, count) => {
      for (let k = 0; k < count; k++) if (accept(start, groupOf[hits[k]], branchOf[hits[k]])) return true;
      return false;
    });
  }

  /**
   * Calls `atPosition(start, count)` for each position with candidates, `hits[0 .. count)` holding their
   * branch ids ascending without repeats; stops early (returning true) when it returns true.
   */
  private walk(text: string, atPosition: (start: number, count: number) => boolean): boolean {
    const epoch = this.nextEpoch();
    this.scanner.scan(text, epoch);
    this.stampLiveBranches(epoch);
    const { next, ownerStart, owners, hits, liveStamp, liveBounds, liveOwners } = this;
    this.liveFilled = 0;
    const edgesBefore = this.countEdges(text);
    const classOf = this.alphabet.classOf;
    const width = this.alphabet.size;
    const length = text.length;
    const allEdges = length > 0 ? edgesBefore[length - 1] : 0;
    const liveLists = length >= LIVE_LISTS_FROM_LENGTH;
    let previousIsWord = false;
    for (let start = 0; start < length; start++) {
      const code = text.charCodeAt(start);
      const isWord = isWordCode(code);
      const atEdge = isWord !== previousIsWord;
      previousIsWord = isWord;
      if (!atEdge) continue;
      const edgesLeft = allEdges - edgesBefore[start];
      let count = 0;
      let node = next[classOf[code]];
      for (let i = start + 1; node !== 0; i++) {
        const gapFollows = i < length && GAP_CHARS[text.charCodeAt(i)] === 1;
        if (!liveLists) {
          for (let o = ownerStart[2 * node], end = ownerStart[2 * node + (gapFollows ? 2 : 1)]; o < end; o++) {
            const id = owners[o];
            if (this.isCandidate(id, this.limitOf(id, epoch), start, edgesLeft, epoch)) hits[count++] = id;
          }
        } else if (liveStamp[node] !== epoch) {
          count = this.firstVisit(node, start, gapFollows, edgesLeft, epoch, count);
        } else {
          for (let o = liveBounds[3 * node], end = liveBounds[3 * node + (gapFollows ? 2 : 1)]; o < end; o++) {
            const id = liveOwners[o];
            if (this.isCandidate(id, this.limitOf(id, epoch), start, edgesLeft, epoch)) hits[count++] = id;
          }
        }
        if (i >= length) break;
        node = next[node * width + classOf[text.charCodeAt(i)]];
      }
      if (count === 0) continue;
      // Walks meet shorter prefixes first, so hits are not in branch order and may repeat ("he", "hes").
      if (count > 1) count = sortUniqueSmall(hits, count);
      if (atPosition(start, count)) return true;
    }
    return false;
  }

  /**
   * The first visit of `node` in this walk: adds its owners that are candidates at `start` to hits[count ..] and
   * lists those whose required literals occur in the text at all (see liveOwners); returns the new count.
   */
  private firstVisit(node: number, start: number, gapFollows: boolean, edgesLeft: number, epoch: number, count: number): number {
    const { ownerStart, owners, liveBounds, liveOwners, hits } = this;
    let filled = this.liveFilled;
    for (let part = 0; part < 2; part++) {
      liveBounds[3 * node + part] = filled;
      const asked = part === 0 || gapFollows;
      for (let o = ownerStart[2 * node + part], end = ownerStart[2 * node + part + 1]; o < end; o++) {
        const id = owners[o];
        const limit = this.limitOf(id, epoch);
        if (limit === ABSENT) continue;
        liveOwners[filled++] = id;
        if (asked && this.isCandidate(id, limit, start, edgesLeft, epoch)) hits[count++] = id;
      }
    }
    liveBounds[3 * node + 2] = filled;
    this.liveStamp[node] = epoch;
    this.liveFilled = filled;
    return count;
  }

  /** The last position at which branch `id` could start in the text of this walk, or ABSENT. */
  private limitOf(id: number, epoch: number): number {
    return this.branchStamp[id] === epoch ? this.branchLimit[id] : this.unstampedLimit[id];
  }

  /**
   * Whether branch `id`, with `limit`, may match at `start`: its required literals occur after it, within its
   * reach. A branch reaching at least `edgesLeft` (the word edges from `start` to the end of the text; most
   * branches, in a short message) finds them anywhere after the start, which `limit` already says.
   */
  private isCandidate(id: number, limit: number, start: number, edgesLeft: number, epoch: number): boolean {
    return limit >= start && (this.reach[id] >= edgesLeft || this.requirementsWithinReach(id, start, epoch));
  }

  /**
   * Whether each requirement of branch `id` has a literal starting at or after `start` within the branch's reach
   * (a match starting there contains one, and has at most `reach` word edges). `start` ascends within a walk.
   */
  private requirementsWithinReach(id: number, start: number, epoch: number): boolean {
    const { requirementStart, requirements, scanner, edgesBefore } = this;
    const furthest = edgesBefore[start] + this.reach[id];
    for (let r = requirementStart[id], last = requirementStart[id + 1]; r < last; r++) {
      const found = scanner.nextStart(requirements[r], start, epoch);
      if (found < 0 || edgesBefore[found] > furthest) return false;
    }
    return true;
  }

  /** Fills edgesBefore for `text`: the word edges (\b between two characters) at positions 1..i. */
  private countEdges(text: string): Int32Array {
    if (this.edgesBefore.length < text.length) this.edgesBefore = new Int32Array(Math.max(text.length, 2 * this.edgesBefore.length));
    const edgesBefore = this.edgesBefore;
    let edges = 0;
    let previousIsWord = text.length > 0 && isWordCode(text.charCodeAt(0));
    for (let i = 1; i < text.length; i++) {
      const isWord = isWordCode(text.charCodeAt(i));
      if (isWord !== previousIsWord) edges++;
      previousIsWord = isWord;
      edgesBefore[i] = edges;
    }
    edgesBefore[0] = 0;
    return edgesBefore;
  }

  /**
   * Stamps, for this scan, the limit (last position a match could start) of every branch whose first
   * requirement was found; the others keep their unstamped limit. Only branches keyed by a found requirement
   * are looked at, so a short message touches few of them.
   */
  private stampLiveBranches(epoch: number): void {
    const { scanner, keyedStart, keyed, requirementStart, requirements, branchStamp, branchLimit } = this;
    for (let k = 0; k < scanner.presentCount; k++) {
      const first = scanner.present[k];
      for (let b = keyedStart[first], end = keyedStart[first + 1]; b < end; b++) {
        const id = keyed[b];
        let limit = UNLIMITED;
        for (let r = requirementStart[id], last = requirementStart[id + 1]; r < last && limit !== ABSENT; r++) {
          const found = scanner.lastStart(requirements[r], epoch);
          if (found < limit) limit = found;
        }
        branchStamp[id] = epoch;
        branchLimit[id] = limit;
      }
    }
  }

  private nextEpoch(): number {
    if (this.epoch >= 0x7ffffffe) {
      this.epoch = 0;
      this.liveStamp.fill(0);
      this.branchStamp.fill(0);
      this.scanner.resetStamps();
    }
    return ++this.epoch;
  }
}

/** Insertion sort of list[0 .. count), dropping repeats; returns the new count. Few, mostly ordered entries. */
function sortUniqueSmall(list: Int32Array, count: number): number {
  for (let i = 1; i < count; i++) {
    const value = list[i];
    let j = i - 1;
    while (j >= 0 && list[j] > value) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = value;
  }
  let out = 1;
  for (let i = 1; i < count; i++) if (list[i] !== list[out - 1]) list[out++] = list[i];
  return out;
}

function buildPrefixTrie(
  branches: readonly IndexedBranch[],
  alphabet: Alphabet,
): { next: Int32Array; ownerStart: Int32Array; owners: Int32Array } {
  const width = alphabet.size;
  const children: number[] = new Array<number>(width).fill(0);
  const always: number[][] = [[]];
  const gapOnly: number[][] = [[]];
  branches.forEach(({ prefixes, gapFollowed }, id) => {
    const needsGap = new Set(gapFollowed ?? []);
    for (const prefix of prefixes) {
      let node = 0;
      for (let i = 0; i < prefix.length; i++) {
        const slot = node * width + alphabet.classOf[prefix.charCodeAt(i)];
        let child = children[slot];
        if (child === 0) {
          child = always.length;
          always.push([]);
          gapOnly.push([]);
          for (let k = 0; k < width; k++) children.push(0);
          children[slot] = child;
        }
        node = child;
      }
      const list = needsGap.has(prefix) ? gapOnly[node] : always[node];
      if (list[list.length - 1] !== id) list.push(id); // ids arrive ascending
    }
  });
  const nodes = always.length;
  const ownerStart = new Int32Array(2 * nodes + 1);
  const owners: number[] = [];
  for (let node = 0; node < nodes; node++) {
    ownerStart[2 * node] = owners.length;
    owners.push(...always[node]);
    ownerStart[2 * node + 1] = owners.length;
    owners.push(...gapOnly[node]);
  }
  ownerStart[2 * nodes] = owners.length;
  return { next: Int32Array.from(children), ownerStart, owners: Int32Array.from(owners) };
}
