import type { ContextReadingCues } from './context-modifiers';
import { CueMatcher } from './cue-matcher';
import { CueSpotter } from './cue-spotter';
import { BRANCH_SLOTS, PrefixIndex, type IndexedBranch } from './prefix-index';
import { LiteralAnalyser, topLevelBranches, type LiteralAnalysis } from './regex-prefixes';
import type { RiskLevel } from './risk-level';
import type { CombinationDefinition, ContextKind, RiskRuleDefinition, RiskRuleSetDefinition } from './risk-rule-set';

export interface CompiledRule {
  readonly id: string;
  readonly category: string;
  readonly level: RiskLevel;
  readonly signals: readonly string[];
  readonly flags: readonly string[];
  readonly subject: 'self' | 'other' | null;
  readonly contextImmune: ReadonlySet<ContextKind>;
  readonly softenedBy: RegExp | null;
  /** All patterns of the rule in one global regex, so each rule scans the text once. */
  readonly regex: RegExp;
  /** The regex's alternatives in order, each tried only where it could start; null = scan the whole text. */
  readonly branches: readonly CompiledBranch[] | null;
}

/** One top-level alternative of a rule's regex, sticky, with the literals every match of it starts with. */
export interface CompiledBranch extends IndexedBranch {
  readonly sticky: RegExp;
}

export interface CompiledContextCues {
  readonly negation: RegExp;
  readonly negationException: RegExp;
  readonly past: RegExp;
  readonly hypothetical: RegExp;
  /** Global; group 1 = third person, group 2 = first person. */
  readonly subject: RegExp;
  /** Same answers as `past.test` / `hypothetical.test`, without scanning the whole window with one big regex. */
  readonly pastMatcher: CueMatcher;
  readonly hypotheticalMatcher: CueMatcher;
  /** The negation cues unanchored, and the PERSON macro's nouns: for reading inside a match. */
  readonly inside: ContextReadingCues;
  /** History and hypothetical cues found in one pass per message; null unless both could be analysed. */
  readonly spotter: CueSpotter | null;
}

export interface CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly combinations: readonly CombinationDefinition[];
  /** Innocent uses and idioms in one global regex; the rule matches they hide are dropped (see risk-screen.ts). */
  readonly innocent: RegExp | null;
  readonly innocentBranches: readonly CompiledBranch[] | null;
  readonly context: CompiledContextCues;
  /** Where each rule (index i) and the innocent uses (index rules.length) could start a match. */
  readonly prefixIndex: PrefixIndex;
}

/** A rule that cannot be compiled; names the rule and the pattern so the YAML can be fixed. */
export class RuleCompileError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = 'RuleCompileError';
  }
}

const WORD_EDGE_BEFORE = '\\b';
const WORD_EDGE_AFTER = '\\b';
/** Separator between words in a pattern: the normalised text keeps commas and may hold several spaces. */
const WORD_GAP = '[\\s,]+';
const MAX_MACRO_DEPTH = 8;

export function expandMacros(pattern: string, macros: Record<string, string>, where: string): string {
  let expanded = pattern;
  for (let depth = 0; depth < MAX_MACRO_DEPTH; depth++) {
    let unknown: string | null = null;
    const next = expanded.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => {
      const body = macros[name];
      if (body === undefined) {
        unknown = name;
        return '';
      }
      return `(?:${body})`;
    });
    if (unknown !== null) throw new RuleCompileError(where, `unknown macro {${unknown}}`);
    if (next === expanded) return expanded;
    expanded = next;
  }
  throw new RuleCompileError(where, 'macros nest too deeply (a macro probably refers to itself)');
}

/** Literal spaces outside character classes match any run of spaces/commas in the normalised text. */
export function widenSpaces(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    if (c === ' ' && !inClass) {
      while (pattern[i + 1] === ' ') i++;
      // "at 3 ?pm": a quantifier after the space applies to the whole gap, not to its last character.
      const next = pattern[i + 1];
      out += next === '?' || next === '*' || next === '+' || next === '{' ? `(?:${WORD_GAP})` : WORD_GAP;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * Refuses patterns that can backtrack catastrophically on long input: a group with an unbounded
 * quantifier inside, itself repeated without a small bound, e.g. `(a+)+` or `(?:\w+ )*`.
 */
export function findNestedQuantifier(pattern: string): string | null {
  const stack: { start: number; hasUnbounded: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') {
        if (pattern[i] === '\\') i++;
        i++;
      }
      const after = pattern.slice(i + 1);
      if (/^(?:[*+]|\{\d+,\})/.test(after) && stack.length > 0) stack[stack.length - 1].hasUnbounded = true;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, hasUnbounded: false });
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      if (!group) continue;
      const after = pattern.slice(i + 1);
      const unboundedRepeat = /^(?:[*+]|\{\d+,\})/.test(after);
      const bounded = /^\{\d+(?:,(\d+))?\}/.exec(after);
      const largeBound = bounded !== null && Number(bounded[1] ?? 0) > 8;
      if (group.hasUnbounded && (unboundedRepeat || largeBound)) {
        return pattern.slice(group.start, i + 1 + (after.match(/^(?:[*+?]|\{[\d,]+\})/)?.[0].length ?? 0));
      }
      if (stack.length > 0 && (group.hasUnbounded || unboundedRepeat)) stack[stack.length - 1].hasUnbounded = true;
      continue;
    }
    if ((c === '*' || c === '+') && stack.length > 0) stack[stack.length - 1].hasUnbounded = true;
    if (c === '{' && /^\{\d+,\}/.test(pattern.slice(i)) && stack.length > 0) stack[stack.length - 1].hasUnbounded = true;
  }
  return null;
}

/** A pattern after macro expansion and checks, with the literal analysis of each top-level alternative. */
interface CheckedBody {
  readonly body: string;
  /** Null when the body cannot be split into stand-alone alternatives or one is not understood. */
  readonly alternatives: readonly { source: string; literals: LiteralAnalysis }[] | null;
}

function compilePatterns(patterns: readonly string[], macros: Record<string, string>, where: string, flags: string, analyser: LiteralAnalyser): RegExp {
  return joinBodies(checkBodies(patterns, macros, where, analyser), flags);
}

function joinBodies(checked: readonly CheckedBody[], flags: string): RegExp {
  return new RegExp(`${WORD_EDGE_BEFORE}(?:${checked.map((c) => c.body).join('|')})${WORD_EDGE_AFTER}`, flags);
}

/**
 * Splits the rule regex `\b(?:p1|p2|…)\b` into its alternatives for the prefix index. Null (scan the whole
 * text) unless every alternative compiles on its own and has known literal prefixes.
 */
function compileBranches(checked: readonly CheckedBody[]): CompiledBranch[] | null {
  const branches: CompiledBranch[] = [];
  for (const { alternatives } of checked) {
    if (alternatives === null) return null;
    for (const { source, literals } of alternatives) {
      if (literals.prefixes === null) return null;
      let sticky: RegExp;
      try {
        sticky = new RegExp(source, 'y');
      } catch {
        return null; // not a stand-alone alternative after all: the rule keeps its full scan
      }
      branches.push({
        sticky,
        prefixes: literals.prefixes,
        gapFollowed: literals.gapFollowed,
        required: literals.required,
        maxWordEdges: literals.maxWordEdges,
      });
    }
  }
  return branches.length < BRANCH_SLOTS ? branches : null;
}

function analyseAlternatives(body: string, analyser: LiteralAnalyser): CheckedBody['alternatives'] {
  const parts = topLevelBranches(body);
  if (parts === null) return null;
  const alternatives: { source: string; literals: LiteralAnalysis }[] = [];
  for (const part of parts) {
    const source = `${WORD_EDGE_BEFORE}(?:${part})${WORD_EDGE_AFTER}`;
    const literals = analyser.analyse(source);
    if (literals === null) return null;
    alternatives.push({ source, literals });
  }
  return alternatives;
}

function checkBodies(patterns: readonly string[], macros: Record<string, string>, where: string, analyser: LiteralAnalyser): CheckedBody[] {
  return patterns.map((pattern, index) => {
    const at = `${where} pattern #${index + 1}`;
    const body = widenSpaces(expandMacros(pattern, macros, at));
    try {
      new RegExp(body);
    } catch (err) {
      throw new RuleCompileError(at, `not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
    }
    const nested = findNestedQuantifier(body);
    if (nested !== null) {
      throw new RuleCompileError(at, `nested unbounded quantifier ${nested} can backtrack catastrophically; use a bounded gap like (?:\\w+ ){0,4}?`);
    }
    const alternatives = analyseAlternatives(body, analyser);
    // The analysis proves most patterns cannot match nothing; only the rest need the (costly) regex check.
    const surelyNonEmpty = alternatives !== null && alternatives.every((a) => !a.literals.nullable);
    if (!surelyNonEmpty && new RegExp(`^(?:${body})$`).test('')) {
      throw new RuleCompileError(at, 'matches the empty string');
    }
    return { body, alternatives };
  });
}

function compileRule(rule: RiskRuleDefinition, macros: Record<string, string>, analyser: LiteralAnalyser): CompiledRule {
  const where = `rule "${rule.id}"`;
  const checked = checkBodies(rule.patterns, macros, where, analyser);
  return {
    id: rule.id,
    category: rule.category,
    level: rule.level,
    signals: rule.signals ?? [],
    flags: rule.flags ?? [],
    subject: rule.subject ?? null,
    contextImmune: new Set(rule.contextImmune ?? []),
    softenedBy:
      rule.softenedBy && rule.softenedBy.length > 0 ? compilePatterns(rule.softenedBy, macros, `${where} softenedBy`, '', analyser) : null,
    regex: joinBodies(checked, 'g'),
    branches: compileBranches(checked),
  };
}

/** A person noun without "my"/"a" ("dad is hitting mum"), sticky, from the PERSON macro; null without one. */
function personNounOf(macros: Record<string, string>): RegExp | null {
  const person = macros.PERSON;
  return person === undefined ? null : new RegExp(`(?:${widenSpaces(expandMacros(person, macros, 'macro PERSON'))})s?\\b`, 'y');
}

/** Compiles the whole rule set once; every regex the screen runs is built here. */
export function compileRuleSet(definition: RiskRuleSetDefinition): CompiledRuleSet {
  const { macros } = definition;
  const seen = new Set<string>();
  for (const rule of definition.rules) {
    if (seen.has(rule.id)) throw new RuleCompileError(`rule "${rule.id}"`, 'duplicate rule id');
    seen.add(rule.id);
  }
  const signals = new Set(definition.rules.flatMap((r) => r.signals ?? []));
  for (const combination of definition.combinations) {
    for (const signal of combination.allOf) {
      if (!signals.has(signal)) {
        throw new RuleCompileError(`combination "${combination.id}"`, `signal "${signal}" is not asserted by any rule`);
      }
    }
  }
  // One analyser for the whole set: rules share most of their (macro-expanded) groups.
  const analyser = new LiteralAnalyser();
  const cues = definition.context;
  const check = (patterns: string[], name: string) => checkBodies(patterns, macros, `context ${name}`, analyser);
  const negationBodies = check(cues.negation, 'negation');
  const exceptionBodies = check(cues.negationExceptions, 'negationExceptions');
  const source = (checked: readonly CheckedBody[]) => (checked.length > 0 ? joinBodies(checked, '').source : '(?!)');
  const negationCue = source(negationBodies);
  const exceptionCue = source(exceptionBodies);
  const pastBodies = cues.past.length > 0 ? check(cues.past, 'past') : null;
  const hypotheticalBodies = cues.hypothetical.length > 0 ? check(cues.hypothetical, 'hypothetical') : null;
  const past = pastBodies === null ? /(?!)/ : joinBodies(pastBodies, '');
  const hypothetical = hypotheticalBodies === null ? /(?!)/ : joinBodies(hypotheticalBodies, '');
  const pastBranches = pastBodies === null ? null : compileBranches(pastBodies);
  const hypotheticalBranches = hypotheticalBodies === null ? null : compileBranches(hypotheticalBodies);
  const spottable = (checked: readonly CheckedBody[] | null, branches: CompiledBranch[] | null) =>
    // A cue that might match nothing could be found in a slice where the message had no candidate.
    checked !== null && branches !== null && checked.every((c) => c.alternatives?.every((a) => !a.literals.nullable)) ? branches : null;
  const spottedPast = spottable(pastBodies, pastBranches);
  const spottedHypothetical = spottable(hypotheticalBodies, hypotheticalBranches);
  const third = joinBodies(check(cues.thirdPartySubjects, 'thirdPartySubjects'), '').source;
  const first = joinBodies(check(cues.firstPersonSubjects, 'firstPersonSubjects'), '').source;
  const rules = definition.rules.map((rule) => compileRule(rule, macros, analyser));
  const innocentChecked =
    definition.innocentUses.length > 0
      ? checkBodies(
          definition.innocentUses.map((u) => u.pattern),
          macros,
          'innocentUses',
          analyser,
        )
      : null;
  const innocent = innocentChecked === null ? null : joinBodies(innocentChecked, 'g');
  const innocentBranches = innocentChecked === null ? null : compileBranches(innocentChecked);
  return {
    rules,
    combinations: definition.combinations,
    innocent,
    innocentBranches,
    prefixIndex: new PrefixIndex([...rules.map((r) => r.branches), innocentBranches]),
    context: {
      // The cue must end within four words of the match: "not going to", "never would i".
      negation: new RegExp(`(?:${negationCue})(?:[\\s,]+[a-z0-9]+){0,4}?[\\s,]*$`),
      negationException: new RegExp(`(?:${exceptionCue})(?:[\\s,]+[a-z0-9]+){0,4}?[\\s,]*$`),
      past,
      hypothetical,
      pastMatcher: new CueMatcher(past, pastBranches),
      hypotheticalMatcher: new CueMatcher(hypothetical, hypotheticalBranches),
      subject: new RegExp(`(${third})|(${first})`, 'g'),
      inside: {
        cue: negationBodies.length > 0 ? joinBodies(negationBodies, 'g') : /(?!)/g,
        exception: exceptionBodies.length > 0 ? joinBodies(exceptionBodies, 'g') : /(?!)/g,
        personNoun: personNounOf(macros),
      },
      spotter: spottedPast !== null && spottedHypothetical !== null ? new CueSpotter([spottedPast, spottedHypothetical]) : null,
    },
  };
}
