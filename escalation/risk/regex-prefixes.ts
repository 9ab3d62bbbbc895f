import { isWordCode } from './word-characters';

/**
 * Conservative "literal prefix" analysis of a rule's regular expression (the source as compiled, flags
 * without `i`, `u` or `m`). It answers: which literal strings must every non-empty match START with?
 * The screen then only tries the rule where one of those literals starts in the text. Anything the
 * analysis does not fully understand yields `null`, and the rule is scanned over the whole text as before,
 * so an unusual pattern can cost speed but never a match.
 */

/** Above this many alternatives a set is treated as unknown: the rule is then scanned in full. */
const MAX_SET = 4096;
/** Cross products (e.g. "want" × " to") are only built while they stay this small. */
const MAX_PRODUCT = 512;

/** Kinds of character, as bits: a word character of \b ([A-Za-z0-9_]), any other, either. 0 = no character. */
const WORD_KIND = 1;
const OTHER_KIND = 2;
const ANY_KIND = WORD_KIND | OTHER_KIND;

/** The word characters of \b without the u and i flags (see isWordCode), by code range, for character classes. */
const WORD_RANGES: readonly (readonly [number, number])[] = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];

/** The kinds of the characters from..to (UTF-16 code units). */
function rangeKinds(from: number, to: number): number {
  if (WORD_RANGES.some(([low, high]) => from >= low && to <= high)) return WORD_KIND;
  return WORD_RANGES.some(([low, high]) => from <= high && to >= low) ? ANY_KIND : OTHER_KIND;
}

/**
 * How far a match can reach, counted in word edges: the positions inside it where a word character meets
 * another kind. The screen only looks for a required literal within that many word edges of a start (a match
 * cannot contain a literal further away), so a long message is not tried at every prefix before a far-off word.
 */
interface Shape {
  /** At most this many word edges inside any match (between its first and last character); Infinity = unknown. */
  edges: number;
  /** Kinds of the first and of the last character of non-empty matches (0: the node only matches ""). */
  startKinds: number;
  endKinds: number;
}

/** Word edges possible where a match ending with `endKinds` is followed by one starting with `startKinds`. */
function junctionEdges(endKinds: number, startKinds: number): number {
  if (endKinds === 0 || startKinds === 0) return 0;
  return endKinds === startKinds && endKinds !== ANY_KIND ? 0 : 1;
}

/** The shape of a sequence: each part's edges plus one at each junction where the kinds may differ. */
function sequenceShape(parts: readonly Shape[], nullable: readonly boolean[]): Shape {
  let edges = 0;
  let startKinds = 0;
  let endKinds = 0;
  let emptySoFar = true;
  parts.forEach((part, k) => {
    // An empty part in between only removes a junction, so counting it keeps an upper bound.
    edges += part.edges + junctionEdges(endKinds, part.startKinds);
    if (emptySoFar) startKinds |= part.startKinds;
    endKinds = nullable[k] ? endKinds | part.endKinds : part.endKinds;
    emptySoFar = emptySoFar && nullable[k];
  });
  return { edges, startKinds, endKinds };
}

function kindsShape(kinds: number): Shape {
  return { edges: 0, startKinds: kinds, endKinds: kinds };
}

interface Info extends Shape {
  /** The node can match the empty string. */
  nullable: boolean;
  /** Every non-empty match starts with one of these (each non-empty); null = unknown. */
  first: Set<string> | null;
  /** A finite superset of the strings the node matches (may hold ""); null = unknown or too many. */
  exact: Set<string> | null;
  /** Every match contains, for each set, one of its strings somewhere; [] = nothing known. */
  reqs?: Set<string>[];
  /** Every match begins with a \b assertion. */
  atWordEdge?: boolean;
}

const ZERO_WIDTH: Info = { nullable: true, first: new Set(), exact: new Set(['']), ...kindsShape(0) };
const WORD_EDGE: Info = { ...ZERO_WIDTH, atWordEdge: true };

class Unsupported extends Error {}

/**
 * Stands, at the end of a `first` string only, for "then one character of [\s,]" (the gap a literal space in
 * a rule becomes): "i" + GAP is an "i" followed by a space or comma, which "is" or "it" are not. Never in
 * `exact` sets or requirements; patterns containing the character itself are not analysed.
 */
const GAP = '\uffff';
const GAP_CLASS = /\[(?:\\s,|,\\s)\]/y;
const GAP_INFO: Info = { nullable: false, first: new Set([GAP]), exact: null, reqs: [], ...kindsShape(OTHER_KIND) };

/** The set with GAP markers removed (a weaker, still true statement), or null if that leaves "". */
function withoutGaps(set: Set<string>): Set<string> | null {
  let hasGap = false;
  for (const s of set) if (s.endsWith(GAP)) hasGap = true;
  if (!hasGap) return set;
  const out = new Set<string>();
  for (const s of set) {
    const plain = s.endsWith(GAP) ? s.slice(0, -1) : s;
    if (plain === '') return null;
    out.add(plain);
  }
  return out;
}

function union(sets: (Set<string> | null)[]): Set<string> | null {
  const out = new Set<string>();
  for (const set of sets) {
    if (set === null) return null;
    for (const s of set) out.add(s);
    if (out.size > MAX_SET) return null;
  }
  return out;
}

function product(left: Set<string>, right: Set<string>): Set<string> | null {
  if (left.size * right.size > MAX_PRODUCT) return null;
  const out = new Set<string>();
  for (const a of left) for (const b of right) out.add(a + b);
  return out;
}

function nonEmpty(set: Set<string>): Set<string> {
  const out = new Set(set);
  out.delete('');
  return out;
}

function concat(parts: Info[]): Info {
  // Built from the right so every suffix is analysed once (linear in the number of parts).
  let suffix: Prefixing = ZERO_WIDTH;
  for (let k = parts.length - 1; k >= 0; k--) {
    const part = parts[k];
    const exact = part.exact !== null && suffix.exact !== null ? product(part.exact, suffix.exact) : null;
    // A non-empty match starts in the first part that matched something: this one, or (if it can be empty) a later one.
    const firsts = [firstOfHead(part, suffix)];
    if (part.nullable) firsts.push(suffix.first);
    suffix = { nullable: part.nullable && suffix.nullable, first: union(firsts), exact };
  }
  // Every part's requirements hold for the whole sequence, and so does each run of exact parts ("waking up").
  const options: (Set<string> | null)[] = parts.flatMap((p) => p.reqs ?? []);
  options.push(...exactRuns(parts));
  options.push(suffix.exact);
  if (!suffix.nullable) options.push(suffix.first);
  return {
    ...suffix,
    ...sequenceShape(
      parts,
      parts.map((p) => p.nullable),
    ),
    reqs: strongest(options),
    atWordEdge: parts.length > 0 && parts[0].atWordEdge === true,
  };
}

/** What the prefix sets of a sequence are built from. */
type Prefixing = Pick<Info, 'nullable' | 'first' | 'exact'>;

/**
 * Literal sets for maximal runs of consecutive parts with exact sets: every match contains the run's
 * product somewhere (a run longer than MAX_PRODUCT allows is cut into several runs). A run ending at a
 * non-exact part is extended by that part's first literals when the part cannot be empty.
 */
function exactRuns(parts: Info[]): Set<string>[] {
  const runs: Set<string>[] = [];
  let run: Set<string> | null = null;
  for (const part of parts) {
    if (part.exact === null) {
      if (run !== null && !part.nullable && part.first !== null) {
        const extended = product(run, part.first);
        if (extended !== null) runs.push(extended);
      }
      if (run !== null) runs.push(run);
      run = null;
      continue;
    }
    if (run === null) {
      run = part.exact;
      continue;
    }
    const longer = product(run, part.exact);
    if (longer === null) {
      runs.push(run);
      run = part.exact;
    } else {
      run = longer;
    }
  }
  if (run !== null) runs.push(run);
  return runs;
}

const MAX_REQUIREMENTS = 4;
/** Shorter literals occur almost everywhere: looking for them costs more than the runs they save. */
const MIN_REQUIRED_LENGTH = 3;

/** Selectivity of a requirement: its shortest literal (longer is rarer), then fewer literals. */
function requirementScore(set: Set<string>): number {
  let shortest = Infinity;
  for (const s of set) shortest = Math.min(shortest, s.length);
  return Math.min(shortest, 32) * 100000 - set.size;
}

/** The most selective valid requirements (non-empty sets without ""), best first, without repeats. */
function strongest(options: (Set<string> | null | undefined)[]): Set<string>[] {
  const valid: Set<string>[] = [];
  for (const option of options) {
    const set = option === null || option === undefined ? null : withoutGaps(option);
    if (set !== null && set.size > 0 && !set.has('')) valid.push(set);
  }
  valid.sort((a, b) => requirementScore(b) - requirementScore(a));
  const picked: Set<string>[] = [];
  for (const set of valid) {
    if (picked.some((p) => sameSet(p, set))) continue;
    picked.push(set);
    if (picked.length === MAX_REQUIREMENTS) break;
  }
  return picked;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const s of a) if (!b.has(s)) return false;
  return true;
}

/** Prefixes of non-empty matches that start with a non-empty match of `head`, extended by what follows while exact. */
function firstOfHead(head: Prefixing, rest: Prefixing): Set<string> | null {
  if (head.exact === null) return head.first;
  const heads = nonEmpty(head.exact);
  const following = prefixesOf(rest);
  if (following === null) return heads;
  return product(heads, following) ?? heads;
}

/** Strings every match (empty included) starts with; "" means no further knowledge. */
function prefixesOf(info: Prefixing): Set<string> | null {
  if (info.exact !== null) return info.exact;
  if (info.first === null) return null;
  const out = new Set(info.first);
  if (info.nullable) out.add('');
  return out;
}

function alternation(branches: Info[]): Info {
  return {
    nullable: branches.some((b) => b.nullable),
    first: union(branches.map((b) => b.first)),
    exact: union(branches.map((b) => b.exact)),
    reqs: alternationRequirement(branches),
    atWordEdge: branches.every((b) => b.atWordEdge === true),
    edges: Math.max(...branches.map((b) => b.edges)),
    startKinds: branches.reduce((kinds, b) => kinds | b.startKinds, 0),
    endKinds: branches.reduce((kinds, b) => kinds | b.endKinds, 0),
  };
}

/** Each branch's best requirement, together: every match satisfies the one of its own branch. */
function alternationRequirement(branches: Info[]): Set<string>[] {
  const bests = branches.map((b) => (b.reqs !== undefined && b.reqs.length > 0 ? b.reqs[0] : null));
  const merged = union(bests);
  return merged === null ? [] : strongest([merged]);
}

function repeat(inner: Info, min: number, max: number): Info {
  if (max === 0) return ZERO_WIDTH;
  let exact: Set<string> | null = null;
  if (inner.exact !== null && max === 1) {
    exact = new Set(inner.exact);
    if (min === 0) exact.add('');
  }
  // The first non-empty repetition starts the match.
  return {
    nullable: min === 0 || inner.nullable,
    first: inner.first,
    exact,
    reqs: min >= 1 ? (inner.reqs ?? []) : [],
    atWordEdge: min >= 1 && inner.atWordEdge === true,
    edges: repeatedEdges(inner, max),
    startKinds: inner.startKinds,
    endKinds: inner.endKinds,
  };
}

/** Edges in up to `max` repetitions: unbounded only when a repetition can hold both kinds of character. */
function repeatedEdges(inner: Shape, max: number): number {
  const uniform = inner.edges === 0 && inner.startKinds === inner.endKinds && inner.startKinds !== ANY_KIND;
  if (uniform) return 0; // "[a-z]+", "[\s,]+": one run of one kind however long
  if (max === Infinity) return Infinity;
  return max * inner.edges + (max - 1) * junctionEdges(inner.endKinds, inner.startKinds);
}

function literal(text: string): Info {
  const only = new Set([text]);
  let edges = 0;
  for (let i = 1; i < text.length; i++) if (isWordCode(text.charCodeAt(i - 1)) !== isWordCode(text.charCodeAt(i))) edges++;
  const kindAt = (i: number) => (isWordCode(text.charCodeAt(i)) ? WORD_KIND : OTHER_KIND);
  return { nullable: false, first: only, exact: only, reqs: [only], edges, startKinds: kindAt(0), endKinds: kindAt(text.length - 1) };
}

/** One character of `chars` (null: not listed, but of the given kinds). */
function charSet(chars: Set<string> | null, kinds: number): Info {
  if (chars === null || chars.size === 0) return { nullable: false, first: null, exact: null, reqs: [], ...kindsShape(kinds) };
  return { nullable: false, first: chars, exact: chars, reqs: [chars], ...kindsShape(kinds) };
}

/** Kinds of the characters a class escape (\d, \w, \s and their negations) matches. */
function classEscapeKinds(letter: string): number {
  if (letter === 'd' || letter === 'w') return WORD_KIND;
  if (letter === 's' || letter === 'W') return OTHER_KIND;
  return ANY_KIND;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };
const MAX_CLASS = 64;

/** Recursive-descent parser over the subset of JavaScript regex syntax; throws Unsupported otherwise. */
class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly groups: GroupCache | null,
  ) {}

  parse(): Info {
    const info = this.disjunction();
    if (this.pos !== this.source.length) throw new Unsupported('trailing input');
    return info;
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.pos + offset];
  }

  private disjunction(): Info {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : alternation(branches);
  }

  private sequence(): Info {
    const parts: Info[] = [];
    // Consecutive plain characters are one literal ("waking"): the same language, analysed in one step.
    let run = '';
    while (this.pos < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom.char !== undefined && !this.atQuantifier()) {
        run += atom.char;
        continue;
      }
      if (run !== '') parts.push(literal(run));
      run = '';
      parts.push(this.quantified(atom));
    }
    if (run !== '') parts.push(literal(run));
    return parts.length === 1 ? parts[0] : concat(parts);
  }

  /** Whether a quantifier follows (the same test `quantified` applies). */
  private atQuantifier(): boolean {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') return true;
    return c === '{' && /^\{(\d+)(?:(,)(\d*))?\}/.test(this.source.slice(this.pos));
  }

  private quantified(atom: { info: Info; quantifiable: boolean }): Info {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
    } else if (c === '{') {
      const bound = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.pos));
      if (bound === null) return atom.info; // a literal "{" was already consumed as an atom elsewhere
      this.pos += bound[0].length;
      min = Number(bound[1]);
      max = bound[2] === undefined ? min : bound[3] === '' ? Infinity : Number(bound[3]);
    } else {
      return atom.info;
    }
    if (!atom.quantifiable) throw new Unsupported('quantified assertion');
    if (this.peek() === '?') this.pos++; // lazy: same language
    return repeat(atom.info, min, max);
  }

  /** `char` is set for a single literal character, which a sequence may join with its neighbours. */
  private atom(): { info: Info; quantifiable: boolean; char?: string } {
    const c = this.source[this.pos];
    if (c === '(') return this.group();
    if (c === '[') {
      GAP_CLASS.lastIndex = this.pos;
      if (GAP_CLASS.test(this.source)) {
        this.pos = GAP_CLASS.lastIndex;
        return { info: GAP_INFO, quantifiable: true };
      }
      const { chars, kinds } = this.characterClass();
      return { info: charSet(chars, kinds), quantifiable: true };
    }
    if (c === '^' || c === '$') {
      this.pos++;
      return { info: ZERO_WIDTH, quantifiable: false };
    }
    if (c === '.') {
      this.pos++;
      return { info: charSet(null, ANY_KIND), quantifiable: true };
    }
    if (c === '*' || c === '+' || c === '?') throw new Unsupported('nothing to repeat');
    if (c === '{') {
      if (/^\{\d+(?:,\d*)?\}/.test(this.source.slice(this.pos))) throw new Unsupported('nothing to repeat');
      this.pos++;
      return { info: literal('{'), quantifiable: true, char: '{' };
    }
    if (c === '\\') return this.escape();
    this.pos++;
    return { info: literal(c), quantifiable: true, char: c };
  }

  private group(): { info: Info; quantifiable: boolean } {
    const start = this.pos;
    const key = this.groups?.keyAt(this.source, start) ?? null;
    if (key !== null) {
      const known = this.groups?.get(key);
      if (known !== undefined) {
        this.pos += key.length;
        return known;
      }
    }
    const parsed = this.parseGroup();
    if (key !== null && this.pos - start === key.length) this.groups?.set(key, parsed);
    return parsed;
  }

  private parseGroup(): { info: Info; quantifiable: boolean } {
    const rest = this.source.slice(this.pos);
    const lookaround = /^\(\?(?:=|!|<=|<!)/.exec(rest);
    if (lookaround !== null) {
      this.pos += lookaround[0].length;
      this.disjunction();
      this.expect(')');
      // Annex B allows quantified lookaheads; they still consume nothing.
      return { info: ZERO_WIDTH, quantifiable: true };
    }
    const opener = /^\((?:\?:|\?<[A-Za-z_$][\w$]*>)?/.exec(rest);
    if (opener === null || (rest.startsWith('(?') && opener[0] === '(')) throw new Unsupported('group syntax');
    this.pos += opener[0].length;
    const info = this.disjunction();
    this.expect(')');
    return { info, quantifiable: true };
  }

  private expect(char: string): void {
    if (this.source[this.pos] !== char) throw new Unsupported(`expected ${char}`);
    this.pos++;
  }

  private escape(): { info: Info; quantifiable: boolean; char?: string } {
    const next = this.source[this.pos + 1];
    if (next === undefined) throw new Unsupported('trailing backslash');
    if (next === 'b' || next === 'B') {
      this.pos += 2;
      return { info: next === 'b' ? WORD_EDGE : ZERO_WIDTH, quantifiable: false };
    }
    const char = this.escapedChar(false);
    return char === null ? { info: charSet(null, classEscapeKinds(next)), quantifiable: true } : { info: literal(char), quantifiable: true, char };
  }

  /** Reads one escape at `pos`; returns the character, or null for a class escape such as \w, \s, \d. */
  private escapedChar(inClass: boolean): string | null {
    const next = this.source[this.pos + 1];
    if ('dDwWsS'.includes(next)) {
      this.pos += 2;
      return null;
    }
    if (next in SIMPLE_ESCAPES && !(next === '0' && /\d/.test(this.source[this.pos + 2] ?? ''))) {
      this.pos += 2;
      return SIMPLE_ESCAPES[next];
    }
    const hex = next === 'x' ? /^\\x([0-9a-fA-F]{2})/.exec(this.source.slice(this.pos)) : next === 'u' ? /^\\u([0-9a-fA-F]{4})/.exec(this.source.slice(this.pos)) : null;
    if (hex !== null) {
      this.pos += hex[0].length;
      return String.fromCharCode(parseInt(hex[1], 16));
    }
    if (/[0-9kcpPxu]/.test(next) || (inClass && next === 'b')) throw new Unsupported(`escape \\${next}`);
    if (/[A-Za-z]/.test(next)) throw new Unsupported(`escape \\${next}`);
    this.pos += 2;
    return next;
  }

  /** The characters of a class (null when it is negated, holds a class escape or is too large) and their kinds. */
  private characterClass(): { chars: Set<string> | null; kinds: number } {
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const chars = new Set<string>();
    let unknown = false;
    let kinds = 0;
    while (true) {
      const c = this.peek();
      if (c === undefined) throw new Unsupported('unterminated class');
      // In JavaScript "]" always closes a class, even first: "[]" matches nothing, "[^]" anything.
      if (c === ']') {
        this.pos++;
        break;
      }
      const escapeLetter = c === '\\' ? (this.peek(1) ?? '') : '';
      const low = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const high = this.classAtom();
        if (low === null || high === null) throw new Unsupported('range with class escape');
        const from = low.charCodeAt(0);
        const to = high.charCodeAt(0);
        if (to < from) throw new Unsupported('bad range');
        kinds |= rangeKinds(from, to);
        if (to - from > MAX_CLASS) unknown = true;
        else for (let code = from; code <= to; code++) chars.add(String.fromCharCode(code));
        continue;
      }
      if (low === null) {
        unknown = true;
        kinds |= classEscapeKinds(escapeLetter);
      } else {
        chars.add(low);
        kinds |= rangeKinds(low.charCodeAt(0), low.charCodeAt(0));
      }
    }
    // A negated class is read as "any character": a weaker, still true statement about its kinds.
    if (negated) return { chars: null, kinds: ANY_KIND };
    return { chars: unknown || chars.size > MAX_CLASS ? null : chars, kinds };
  }

  private classAtom(): string | null {
    const c = this.source[this.pos];
    if (c === '\\') {
      if (this.source[this.pos + 1] === 'b') {
        this.pos += 2;
        return '\b';
      }
      return this.escapedChar(true);
    }
    this.pos++;
    return c;
  }
}

/** Groups shorter than this are parsed again rather than looked up. */
const MIN_CACHED_GROUP = 24;

/**
 * Analyses of parenthesised groups by their exact text. Rules repeat the same expanded macros ("{KILLV}",
 * "{DIE}") hundreds of times; a group's analysis depends only on its text, so each is parsed once per rule set.
 */
class GroupCache {
  private readonly known = new Map<string, { info: Info; quantifiable: boolean }>();
  private source = '';
  /** For the source last asked about: index of "(" → index just past its matching ")", or 0. */
  private closeAfter: Int32Array = new Int32Array(0);

  /** The text of the group opening at `open` when it is long enough to be worth caching, else null. */
  keyAt(source: string, open: number): string | null {
    if (source !== this.source) {
      this.source = source;
      this.closeAfter = matchingParens(source);
    }
    const end = this.closeAfter[open];
    return end - open >= MIN_CACHED_GROUP ? source.slice(open, end) : null;
  }

  get(key: string): { info: Info; quantifiable: boolean } | undefined {
    return this.known.get(key);
  }

  set(key: string, value: { info: Info; quantifiable: boolean }): void {
    this.known.set(key, value);
  }
}

/**
 * Calls `visit` with each character of a regex source that is outside character classes and not escaped (the
 * brackets of a class are not visited either); stops early when `visit` returns false. Returns whether the source
 * ends inside an unclosed class.
 */
function visitOutsideClasses(source: string, visit: (c: string, i: number) => boolean | void): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (visit(c, i) === false) break;
  }
  return inClass;
}

/** Index of every "(" → index just past its ")" (outside classes, escapes skipped); 0 where unmatched. */
function matchingParens(source: string): Int32Array {
  const closeAfter = new Int32Array(source.length + 1);
  const open: number[] = [];
  visitOutsideClasses(source, (c, i) => {
    if (c === '(') open.push(i);
    else if (c === ')') {
      const from = open.pop();
      if (from !== undefined) closeAfter[from] = i + 1;
    }
  });
  return closeAfter;
}

/** What analyseLiterals finds about one pattern. */
export interface LiteralAnalysis {
  /** Every non-empty match starts at a word edge with one of these; null = unknown. */
  prefixes: string[] | null;
  /** Those of `prefixes` that every match starting with them continues with one character of [\s,]. */
  gapFollowed: string[];
  /** For each set, every match contains one of its literals somewhere. */
  required: string[][];
  /** False only when no match can be empty (sound: true may be a false alarm). */
  nullable: boolean;
  /** No match has more word edges than this between its first and last character (Infinity: unbounded). */
  maxWordEdges: number;
}

/**
 * Analyses many patterns, sharing the work on groups they have in common (one per rule set being compiled;
 * holds a cache, so it is not shared between rule sets).
 */
export class LiteralAnalyser {
  private readonly groups = new GroupCache();

  analyse(source: string): LiteralAnalysis | null {
    return analyse(source, this.groups);
  }
}

/**
 * Literals (non-empty, possibly overlapping) such that every non-empty match of `source` starts with one
 * of them, at a word edge (\b); null when the pattern is not understood, could start anywhere, or does
 * not begin with \b. Sound, not minimal.
 */
export function literalPrefixes(source: string): string[] | null {
  return analyseLiterals(source)?.prefixes ?? null;
}

/**
 * `prefixes` as in literalPrefixes; `required`: sets of literals such that every match contains, for each
 * set, one of its literals somewhere ([] when none is known). Null when the pattern is not understood.
 */
export function analyseLiterals(source: string): LiteralAnalysis | null {
  return analyse(source, null);
}

function analyse(source: string, groups: GroupCache | null): LiteralAnalysis | null {
  if (source.includes(GAP) || /\\u[fF]{4}/.test(source)) return null;
  let info: Info;
  try {
    info = new Parser(source, groups).parse();
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
  const usable = (set: Set<string> | null | undefined) => (set && set.size > 0 && ![...set].some((s) => s.length === 0) ? [...set].sort() : null);
  const first = info.atWordEdge === true && !info.nullable && info.first !== null ? info.first : null;
  const plainFirst = first === null ? null : withoutGaps(first);
  const prefixes = usable(plainFirst);
  // Prefixes met only as "prefix then a gap": the index may also require the space or comma after them.
  const gapFollowed =
    prefixes === null || first === null ? [] : prefixes.filter((prefix) => !first.has(prefix) && first.has(prefix + GAP));
  const required = info.nullable
    ? []
    : (info.reqs ?? [])
        .map(usable)
        .filter((r): r is string[] => r !== null && r.every((literal) => literal.length >= MIN_REQUIRED_LENGTH))
        // A set every prefix already contains a literal of says nothing the prefix match does not.
        .filter((r) => prefixes === null || !prefixes.every((prefix) => r.some((literal) => prefix.includes(literal))));
  return { prefixes, gapFollowed, required, nullable: info.nullable, maxWordEdges: info.edges };
}

/**
 * Splits a pattern at its top-level "|" (outside groups and classes). `\b(?:a|b)\b` tried at one position
 * gives the same match as trying `\b(?:a)\b`, then `\b(?:b)\b`, and taking the first that matches.
 * Null when the pattern uses back-references or named groups (splitting would renumber them).
 */
export function topLevelBranches(pattern: string): string[] | null {
  if (/\\[1-9]|\\k<|\(\?<[A-Za-z_$]/.test(pattern)) return null;
  const branches: string[] = [];
  let depth = 0;
  let from = 0;
  const endsInClass = visitOutsideClasses(pattern, (c, i) => {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(pattern.slice(from, i));
      from = i + 1;
    }
    return depth >= 0;
  });
  if (depth !== 0 || endsInClass) return null;
  branches.push(pattern.slice(from));
  return branches;
}
