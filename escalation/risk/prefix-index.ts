interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** Prefix trie: branches (group, branch, id) one of whose prefixes ends here. Required trie: requirement ids. */
  readonly owners: { group: number; branch: number; id: number }[];
}

/** What the index needs to know about one alternative of a pattern (see regex-prefixes.ts). */
export interface IndexedBranch {
  /** Every match starts, at a word edge, with one of these. */
  readonly prefixes: readonly string[];
  /** Every match contains, for each set, one of its literals somewhere; [] when nothing is known. */
  readonly required: readonly (readonly string[])[];
}

/** Candidates are encoded as position × BRANCH_SLOTS + branch, so one numeric sort orders both. */
export const BRANCH_SLOTS = 65536;

function isWordCode(code: number): boolean {
  // JavaScript's \b without the u/i flags: ASCII letters, digits and "_".
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Finds, in one left-to-right pass, every position where a pattern branch could start a match: a word edge
 * (every indexed branch regex begins with \b) at which one of the branch's literal prefixes begins. Each
 * branch is then only tried (sticky) at those positions instead of scanning the whole text. Built once.
 */
export class PrefixIndex {
  private readonly root: TrieNode = { next: new Map(), owners: [] };
  /** Required literals, looked for at every position; a branch none of whose literals occurs is skipped. */
  private readonly requiredRoot: TrieNode = { next: new Map(), owners: [] };
  /** For branch id b: the requirement ids that must all be present. */
  private readonly requirementsOf: number[][] = [];
  private requirementCount = 0;
  readonly groupCount: number;

  /** `groups[g][b]` describes branch b of group g (a rule); null groups are not indexed. */
  /** First step of every walk, by ASCII code: most walks end here, so it avoids a Map lookup. */
  private readonly rootAscii: (TrieNode | undefined)[];
  private readonly requiredAscii: (TrieNode | undefined)[];

  constructor(groups: readonly (readonly IndexedBranch[] | null)[]) {
    this.groupCount = groups.length;
    groups.forEach((branches, group) => {
      if (branches === null) return;
      if (branches.length >= BRANCH_SLOTS) throw new Error(`pattern group ${group} has too many branches (${branches.length})`);
      branches.forEach(({ prefixes, required }, branch) => {
        const owner = { group, branch, id: this.requirementsOf.length };
        const ids: number[] = [];
        for (const set of required) {
          const requirement = { group, branch, id: this.requirementCount++ };
          ids.push(requirement.id);
          for (const literal of set) this.add(this.requiredRoot, literal, requirement);
        }
        this.requirementsOf.push(ids);
        for (const prefix of prefixes) this.add(this.root, prefix, owner);
      });
    });
    const ascii = (root: TrieNode) => Array.from({ length: 128 }, (_, code) => root.next.get(code));
    this.rootAscii = ascii(this.root);
    this.requiredAscii = ascii(this.requiredRoot);
  }

  private step(root: TrieNode, ascii: readonly (TrieNode | undefined)[], code: number): TrieNode | undefined {
    return code < 128 ? ascii[code] : root.next.get(code);
  }

  private add(root: TrieNode, prefix: string, owner: TrieNode['owners'][number]): void {
    let node = root;
    for (let i = 0; i < prefix.length; i++) {
      const code = prefix.charCodeAt(i);
      let child = node.next.get(code);
      if (child === undefined) {
        child = { next: new Map(), owners: [] };
        node.next.set(code, child);
      }
      node = child;
    }
    if (!node.owners.includes(owner)) node.owners.push(owner);
  }

  /** Marks (by requirement id) the requirements at least one of whose literals occurs in the text. */
  private requiredPresent(text: string): Uint8Array {
    const present = new Uint8Array(this.requirementCount);
    const length = text.length;
    for (let start = 0; start < length; start++) {
      let node = this.step(this.requiredRoot, this.requiredAscii, text.charCodeAt(start));
      for (let i = start + 1; node !== undefined; i++) {
        for (const { id } of node.owners) present[id] = 1;
        if (i >= length) break;
        node = node.next.get(text.charCodeAt(i));
      }
    }
    return present;
  }

  /**
   * Per group: encoded candidates (position × BRANCH_SLOTS + branch), ascending, without duplicates;
   * `undefined` where a group has none. Linear in the text length: each walk stops at the first
   * character no prefix continues with.
   */
  candidates(text: string): (number[] | undefined)[] {
    const found: (number[] | undefined)[] = new Array(this.groupCount);
    const length = text.length;
    const present = this.requiredPresent(text);
    // Per branch id: 0 not yet checked, 1 all its requirements are present, 2 one is missing.
    const verdict = new Uint8Array(this.requirementsOf.length);
    let previousIsWord = false;
    for (let start = 0; start < length; start++) {
      const isWord = isWordCode(text.charCodeAt(start));
      const atEdge = isWord !== previousIsWord;
      previousIsWord = isWord;
      if (!atEdge) continue;
      let node = this.step(this.root, this.rootAscii, text.charCodeAt(start));
      for (let i = start + 1; node !== undefined; i++) {
        for (const { group, branch, id } of node.owners) {
          if (verdict[id] === 0) verdict[id] = this.requirementsOf[id].every((r) => present[r] === 1) ? 1 : 2;
          if (verdict[id] === 2) continue;
          const list = found[group];
          const encoded = start * BRANCH_SLOTS + branch;
          if (list === undefined) found[group] = [encoded];
          else list.push(encoded);
        }
        if (i >= length) break;
        node = node.next.get(text.charCodeAt(i));
      }
    }
    for (const list of found) if (list !== undefined && list.length > 1) sortUnique(list);
    return found;
  }
}

function sortUnique(list: number[]): void {
  list.sort((a, b) => a - b);
  let out = 1;
  for (let i = 1; i < list.length; i++) if (list[i] !== list[out - 1]) list[out++] = list[i];
  list.length = out;
}
