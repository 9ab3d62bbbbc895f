import { compileRuleSet, type CompiledBranch, type CompiledRule, type CompiledRuleSet } from './compile-rules';
import { MessageContext, type ContextReadingCues, type InsideReading } from './context-modifiers';
import { CueMatcher } from './cue-matcher';
import type { CueSpotter } from './cue-spotter';
import { accumulate as accumulateConversation, type ConversationRiskMemory } from './conversation-risk-memory';
import { Normaliser, type NormalisedText } from './normalise';
import { BRANCH_SLOTS } from './prefix-index';
import { higherOf, riskRank, RISK_LEVELS, type RiskLevel, type RiskSubject } from './risk-level';
import type { CombinationDefinition, RiskRuleSetDefinition } from './risk-rule-set';
import type { RuleMatch, ScreeningResult } from './screening-result';

/** A rule that matches very often in one message adds nothing after this many spans; keeps output bounded. */
const MAX_MATCHES_PER_RULE = 8;
/** Matched text is quoted in results; a combination can span a whole long message, so quotes are capped. */
const MAX_QUOTED_CHARS = 400;
const CONCERN_RANK = riskRank('concern');

/** One message being screened: rules read `text`; context cues read `context` (innocent uses blanked). */
interface Scan {
  readonly text: string;
  readonly innocent: InnocentSpans;
  readonly normalised: NormalisedText;
  /** Made for the first match (most messages have none); see contextOf. */
  context: MessageContext | null;
}

interface ScoredMatch {
  rule: CompiledRule;
  match: RuleMatch;
  subject: RiskSubject;
  /** The words (or the rule) said whose risk it is; false when `subject` is the speaker only by default. */
  subjectNamed: boolean;
  asserted: boolean;
  /** Fed a combination that fired. */
  contributing: boolean;
  /**
   * A signal-only match (level none, asserted) is reported only when it feeds a combination, so its subject,
   * softening and span are read only then (see completeSignalMatch); null once read or for other matches.
   */
  pending: { scan: Scan; start: number; end: number } | null;
}

/** What scoring needs to know about a rule, worked out once per rule set. */
interface RuleReading {
  readonly inside: InsideReading;
  readonly ignoresPast: boolean;
  readonly ignoresNegation: boolean;
  readonly ignoresHypothetical: boolean;
  readonly floor: RiskLevel;
}

/**
 * End of the match at `start` of the first candidate branch (in rule order) that matches there, or -1.
 * `at[k..]` holds the encoded candidates at `start`, ascending by branch.
 */
function firstMatchEnd(branches: readonly CompiledBranch[], at: readonly number[], k: number, start: number, text: string): number {
  const base = start * BRANCH_SLOTS;
  for (let j = k; j < at.length && at[j] - base < BRANCH_SLOTS; j++) {
    const sticky = branches[at[j] - base].sticky;
    sticky.lastIndex = start;
    // test() moves lastIndex to the match end without building a match array.
    if (sticky.test(text)) return sticky.lastIndex;
  }
  return -1;
}

/**
 * Where innocent uses (idioms, everyday senses) were found, and which rule matches they hide.
 *
 * Rules run on the unchanged normalised text. A rule match is dropped when it overlaps an innocent span and either
 * - ends inside it (span.start < match.end <= span.end): the word that completed the match belongs to the idiom,
 *   whatever came before it ("need to cut" + innocent "cut the grass"; "my mum is gonna kill me" + innocent
 *   "mum … kill me" before "for"; "dying" inside "dying to see"), or
 * - starts after the span's first character (match.start > span.start): the match begins inside the idiom
 *   ("wont wake up" after the innocent "phone wont wake").
 * A match that starts at or before the span and runs past its end keeps its risk: the rule read words after the
 * idiom that the innocent pattern did not account for ("i want to jump in front of a train" is not hidden by an
 * innocent "jump in"). Matches that do not touch a span are never affected, so risk written next to an idiom
 * ("dying to sleep, ive taken all my pills") is read exactly as written.
 *
 * Context cues (negation, past, hypothetical, subject) are read with the spans blanked, so an idiom is never read
 * as a cue either ("everyone in my class hates me" is not an essay "for my class").
 */
class InnocentSpans {
  static readonly NONE = new InnocentSpans([]);
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** furthestEnd[i] = the largest end among spans 0..i (spans are in ascending start order). */
  private readonly furthestEnd: number[] = [];

  /** `flat` holds start, end pairs in ascending start order. */
  constructor(flat: readonly number[]) {
    let furthest = -1;
    for (let i = 0; i < flat.length; i += 2) {
      furthest = Math.max(furthest, flat[i + 1]);
      this.starts.push(flat[i]);
      this.ends.push(flat[i + 1]);
      this.furthestEnd.push(furthest);
    }
  }

  /**
   * True when a span hides the rule match [start, end): they overlap and the match does not contain the whole
   * span and run past its end. Spans overlapping the match start before `end` and end after `start`.
   */
  hides(start: number, end: number): boolean {
    // The last span starting before `end`; only it and earlier spans can overlap the match.
    let lo = 0;
    let hi = this.starts.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = last; i >= 0 && this.furthestEnd[i] > start; i--) {
      if (this.ends[i] <= start) continue;
      if (end <= this.ends[i] || start > this.starts[i]) return true;
    }
    return false;
  }

  /** The text with every span replaced by spaces (same length, so offsets stay valid) for reading context. */
  blank(text: string): string {
    if (this.starts.length === 0) return text;
    let out = '';
    let cursor = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const from = Math.max(cursor, this.starts[i]);
      if (this.ends[i] <= from) continue;
      out += text.slice(cursor, from) + ' '.repeat(this.ends[i] - from);
      cursor = this.ends[i];
    }
    return out + text.slice(cursor);
  }
}

function oneLevelDown(level: RiskLevel, floor: RiskLevel): RiskLevel {
  const lowered = RISK_LEVELS[Math.max(0, riskRank(level) - 1)];
  return higherOf(lowered, floor);
}

/**
 * The rules-based risk screen. Deterministic: the same text and rules always give the same result,
 * and every result names the rules and the original text spans that produced it.
 */
export class RiskScreen {
  private readonly compiled: CompiledRuleSet;
  private readonly normaliser: Normaliser;
  private readonly prefilter: boolean;
  private readonly contextReading: ContextReadingCues;
  private readonly readings: ReadonlyMap<CompiledRule, RuleReading>;
  /** For each signal, the combinations (indices, ascending) that need it. */
  private readonly combinationsBySignal: ReadonlyMap<string, readonly number[]>;
  /** Finds history and hypothetical cues once per message (not in the reference mode, which reads each slice). */
  private readonly cueSpotter: CueSpotter | null;
  /** A combination needing no signal (the schema forbids one) fires on every message, even one without matches. */
  private readonly combinationWithoutSignals: boolean;

  /**
   * `options.prefilter: false` scans every rule over the whole text (the reference behaviour the prefilter
   * must reproduce exactly; used by tests). The default tries each rule only where it could start a match.
   */
  constructor(
    definition: RiskRuleSetDefinition,
    readonly rulesVersion: string,
    options: { prefilter?: boolean; compiled?: CompiledRuleSet } = {},
  ) {
    const compiled = options.compiled ?? compileRuleSet(definition);
    this.prefilter = options.prefilter ?? true;
    // The reference mode also reads context with the plain cue regexes, so it checks the cue matchers too.
    this.compiled = this.prefilter
      ? compiled
      : {
          ...compiled,
          context: {
            ...compiled.context,
            pastMatcher: new CueMatcher(compiled.context.past, null),
            hypotheticalMatcher: new CueMatcher(compiled.context.hypothetical, null),
          },
        };
    this.normaliser = new Normaliser(definition.normalisation);
    this.contextReading = compiled.context.inside;
    this.readings = new Map(this.compiled.rules.map((rule) => [rule, this.ruleReading(rule)]));
    this.combinationWithoutSignals = this.compiled.combinations.some((c) => c.allOf.length === 0);
    const bySignal = new Map<string, number[]>();
    this.compiled.combinations.forEach((combination, index) => {
      for (const signal of new Set(combination.allOf)) {
        const list = bySignal.get(signal) ?? [];
        list.push(index);
        bySignal.set(signal, list);
      }
    });
    this.combinationsBySignal = bySignal;
    this.cueSpotter = this.prefilter ? compiled.context.spotter : null;
  }

  private ruleReading(rule: CompiledRule): RuleReading {
    // The rule's regex, sticky, to re-try it at its match start (negation inside a match).
    const sticky = new RegExp(rule.regex.source, 'y');
    return {
      inside: {
        cues: this.contextReading,
        experienceOfSpeaker: rule.category.startsWith('psychosis'),
        ruleMatchesAt: (text, at) => {
          sticky.lastIndex = at;
          return sticky.test(text);
        },
      },
      ignoresPast: rule.contextImmune.has('past'),
      ignoresNegation: rule.contextImmune.has('negated'),
      ignoresHypothetical: rule.contextImmune.has('hypothetical'),
      floor: riskRank(rule.level) >= riskRank('urgent') ? 'concern' : 'none',
    };
  }

  normalise(text: string): string {
    return this.normaliser.normalise(text).text;
  }

  screen(text: string): ScreeningResult {
    const input = typeof text === 'string' ? text : '';
    const normalised = this.normaliser.normalise(input);
    const scored: ScoredMatch[] = [];
    const searched = normalised.text;
    if (!this.prefilter) {
      const scan = this.scanOf(normalised, this.innocentSpans(searched));
      for (const rule of this.compiled.rules) this.collectMatches(rule, scan, scored);
      return this.summarise(scored, normalised);
    }
    const { rules, prefixIndex } = this.compiled;
    const candidates = prefixIndex.candidates(searched);
    const scan = this.scanOf(normalised, this.innocentSpansAt(searched, candidates[rules.length]));
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule.branches === null) this.collectMatches(rule, scan, scored);
      else {
        const at = candidates[i];
        if (at !== undefined) this.collectMatchesAt(rule, rule.branches, at, scan, scored);
      }
    }
    return this.summarise(scored, normalised);
  }

  private scanOf(normalised: NormalisedText, innocent: InnocentSpans): Scan {
    const text = normalised.text;
    return { text, innocent, normalised, context: null };
  }

  private contextOf(scan: Scan): MessageContext {
    scan.context ??= new MessageContext(scan.innocent.blank(scan.text), this.compiled.context, this.contextReading, this.cueSpotter);
    return scan.context;
  }

  /** Conversation-level result: see conversation-risk-memory.ts; uses this rule set's combinations. */
  accumulate(memory: ConversationRiskMemory | undefined, result: ScreeningResult): { result: ScreeningResult; memory: ConversationRiskMemory } {
    return accumulateConversation(memory, result, this.compiled.combinations);
  }

  /**
   * Every innocent-use span: at each position where an innocent pattern matches, the match of the first pattern
   * (in order) that matches there. Overlapping spans are all kept, so an idiom found inside another still counts.
   */
  private innocentSpans(text: string): InnocentSpans {
    const innocent = this.compiled.innocent;
    if (innocent === null) return InnocentSpans.NONE;
    const spans: number[] = [];
    innocent.lastIndex = 0;
    let found: RegExpExecArray | null;
    while ((found = innocent.exec(text)) !== null) {
      if (found[0].length > 0) spans.push(found.index, found.index + found[0].length);
      innocent.lastIndex = found.index + 1;
    }
    return new InnocentSpans(spans);
  }

  /** Same spans as `innocentSpans`, trying each alternative only at its candidate starts. */
  private innocentSpansAt(text: string, at: readonly number[] | undefined): InnocentSpans {
    const { innocent, innocentBranches } = this.compiled;
    if (innocent === null) return InnocentSpans.NONE;
    if (innocentBranches === null) return this.innocentSpans(text);
    if (at === undefined) return InnocentSpans.NONE;
    const spans: number[] = [];
    for (let k = 0; k < at.length; ) {
      const start = Math.floor(at[k] / BRANCH_SLOTS);
      const end = firstMatchEnd(innocentBranches, at, k, start, text);
      while (k < at.length && Math.floor(at[k] / BRANCH_SLOTS) === start) k++;
      if (end > start) spans.push(start, end);
    }
    return new InnocentSpans(spans);
  }

  /**
   * Same matches as `collectMatches`: a global scan of `\b(?:b1|b2|…)\b` can only match where some
   * alternative's literal prefix starts, and there it takes the first alternative (in order) that matches.
   */
  private collectMatchesAt(rule: CompiledRule, branches: readonly CompiledBranch[], at: readonly number[], scan: Scan, out: ScoredMatch[]): void {
    const { text, innocent } = scan;
    let count = 0;
    let next = 0;
    for (let k = 0; k < at.length && count < MAX_MATCHES_PER_RULE; ) {
      const start = Math.floor(at[k] / BRANCH_SLOTS);
      const end = start < next ? -1 : firstMatchEnd(branches, at, k, start, text);
      while (k < at.length && Math.floor(at[k] / BRANCH_SLOTS) === start) k++;
      if (end < start) continue;
      if (end === start) {
        next = start + 1; // empty match: the global scan steps past it without reporting
        continue;
      }
      if (innocent.hides(start, end)) {
        next = start + 1; // an innocent use: look again from the next character, as `collectMatches` does
        continue;
      }
      count++;
      next = end;
      const scored = this.score(rule, scan, start, end);
      if (scored !== null) out.push(scored);
    }
  }

  private collectMatches(rule: CompiledRule, scan: Scan, out: ScoredMatch[]): void {
    const { text, innocent } = scan;
    const regex = rule.regex;
    regex.lastIndex = 0;
    let count = 0;
    let found: RegExpExecArray | null;
    while (count < MAX_MATCHES_PER_RULE && (found = regex.exec(text)) !== null) {
      if (found[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const end = found.index + found[0].length;
      if (innocent.hides(found.index, end)) {
        // Dropped, but a risk match may still start inside the idiom and run past it.
        regex.lastIndex = found.index + 1;
        continue;
      }
      count++;
      const scored = this.score(rule, scan, found.index, end);
      if (scored !== null) out.push(scored);
    }
  }

  /**
   * The match with its context applied; null for a signal-only match (level none) whose context takes its signals
   * away (negated, past or hypothetical): such a match is never reported and asserts nothing.
   */
  private score(rule: CompiledRule, scan: Scan, start: number, end: number): ScoredMatch | null {
    const reading = this.readings.get(rule);
    if (reading === undefined) throw new Error(`rule "${rule.id}" is not part of this screen`);
    const context = this.contextOf(scan);
    const signalOnly = rule.level === 'none';
    // Cheapest reading first, so a signal-only match stops at the first context that takes its signals away.
    const hypothetical = !reading.ignoresHypothetical && context.hypothetical(start, end);
    if (signalOnly && hypothetical) return null;
    const negated = !reading.ignoresNegation && context.negated(start, end, reading.inside);
    if (signalOnly && negated) return null;
    const past = !reading.ignoresPast && context.past(start, end);
    if (signalOnly && past) return null;
    if (signalOnly) {
      // Its level stays none whatever the context; the rest is read if it feeds a combination.
      return {
        rule,
        subject: 'self',
        subjectNamed: false,
        asserted: true,
        contributing: false,
        pending: { scan, start, end },
        match: {
          ruleId: rule.id,
          category: rule.category,
          ruleLevel: rule.level,
          level: rule.level,
          text: '',
          start,
          end,
          modifiers: [],
        },
      };
    }
    const modifiers: string[] = [];
    let level: RiskLevel = rule.level;
    const softened = rule.softenedBy !== null && rule.softenedBy.test(context.sentence(start, end));
    if (past) modifiers.push('past');
    if (negated) modifiers.push('negated');
    if (hypothetical) modifiers.push('hypothetical');
    if (softened) modifiers.push('softened');
    if (past && riskRank(level) > riskRank('concern')) {
      // History only is "concern" by definition; recent events are not marked past by the cues.
      level = 'concern';
    } else if (negated || hypothetical || softened) {
      // Uncertain context: lean to caution, at most one level down and never to none for a risk statement.
      level = oneLevelDown(level, reading.floor);
    }
    const read = rule.subject === null ? context.subject(start, end, reading.inside.experienceOfSpeaker) : null;
    const subject = rule.subject ?? (read === null ? 'self' : read.subject);
    if (subject === 'other') modifiers.push('third_party');
    const span = scan.normalised.toOriginalSpan(start, end);
    return {
      rule,
      subject,
      subjectNamed: rule.subject !== null || (read !== null && read.named),
      asserted: !past && !negated && !hypothetical,
      contributing: false,
      pending: null,
      match: {
        ruleId: rule.id,
        category: rule.category,
        ruleLevel: rule.level,
        level,
        text: scan.normalised.original.slice(span.start, Math.min(span.end, span.start + MAX_QUOTED_CHARS)),
        start: span.start,
        end: span.end,
        modifiers,
      },
    };
  }

  /**
   * The combinations (in rule-set order) that could fire on these signals: those needing one of them. Every
   * combination needs a signal (the schema asks for two); one that needs none is always a candidate.
   */
  private combinationsWanting(signals: readonly string[]): readonly CombinationDefinition[] {
    const all = this.compiled.combinations;
    if (this.combinationWithoutSignals) return all;
    const indices: number[] = [];
    for (const signal of signals) {
      const wanting = this.combinationsBySignal.get(signal);
      if (wanting !== undefined) for (const index of wanting) if (!indices.includes(index)) indices.push(index);
    }
    indices.sort((a, b) => a - b);
    return indices.map((index) => all[index]);
  }

  /** Reads what a signal-only match left for later (see score): softening, subject and the original span. */
  private completeSignalMatch(s: ScoredMatch): void {
    const pending = s.pending;
    if (pending === null) return;
    s.pending = null;
    const { scan, start, end } = pending;
    const rule = s.rule;
    const reading = this.readings.get(rule);
    if (reading === undefined) throw new Error(`rule "${rule.id}" is not part of this screen`);
    const modifiers = s.match.modifiers;
    const context = this.contextOf(scan);
    if (rule.softenedBy !== null && rule.softenedBy.test(context.sentence(start, end))) modifiers.push('softened');
    const read = rule.subject === null ? context.subject(start, end, reading.inside.experienceOfSpeaker) : null;
    s.subject = rule.subject ?? (read === null ? 'self' : read.subject);
    s.subjectNamed = rule.subject !== null || (read !== null && read.named);
    if (s.subject === 'other') modifiers.push('third_party');
    const span = scan.normalised.toOriginalSpan(start, end);
    s.match.text = scan.normalised.original.slice(span.start, Math.min(span.end, span.start + MAX_QUOTED_CHARS));
    s.match.start = span.start;
    s.match.end = span.end;
  }

  private summarise(scored: ScoredMatch[], normalised: NormalisedText): ScreeningResult {
    // Most messages match nothing, and then no combination can fire either.
    if (scored.length === 0 && !this.combinationWithoutSignals) {
      return { level: 'none', subject: 'self', flags: [], matches: [], rulesVersion: this.rulesVersion, signals: [] };
    }
    const signals: string[] = [];
    for (const s of scored) if (s.asserted) for (const signal of s.rule.signals) if (!signals.includes(signal)) signals.push(signal);

    const combinationMatches: ScoredMatch[] = [];
    for (const combination of this.combinationsWanting(signals)) {
      if (!includesAll(signals, combination.allOf)) continue;
      const parts = scored.filter((s) => s.asserted && s.rule.signals.some((signal) => combination.allOf.includes(signal)));
      let start = Infinity;
      let end = -Infinity;
      for (const part of parts) {
        this.completeSignalMatch(part);
        part.contributing = true;
        start = Math.min(start, part.match.start);
        end = Math.max(end, part.match.end);
      }
      const subject = combinationSubject(parts);
      combinationMatches.push({
        rule: parts[0].rule,
        subject,
        subjectNamed: subject === 'other' || parts.some((p) => p.subject === 'self' && p.subjectNamed),
        asserted: true,
        contributing: false,
        pending: null,
        match: {
          ruleId: combination.id,
          category: 'combination',
          ruleLevel: combination.level,
          level: combination.level,
          text: normalised.original.slice(start, Math.min(end, start + MAX_QUOTED_CHARS)),
          start,
          end,
          modifiers: [`signals:${combination.allOf.join('+')}`],
        },
      });
    }

    // Signal-only rules (level none, e.g. "tonight") are reported only when they fed a combination.
    const all: ScoredMatch[] = [];
    for (const s of scored) if (s.match.level !== 'none' || s.rule.level !== 'none' || s.contributing) all.push(s);
    for (const s of combinationMatches) all.push(s);

    let level: RiskLevel = 'none';
    let subject: RiskSubject = 'self';
    let best = -1;
    let bestSubject = -1;
    const flags: string[] = [];
    const addFlags = (from: readonly string[]) => {
      for (const flag of from) if (!flags.includes(flag)) flags.push(flag);
    };
    for (const s of all) {
      const rank = riskRank(s.match.level);
      const subjectRank = subjectPriority(s);
      if (rank > best || (rank === best && subjectRank > bestSubject && rank > 0)) {
        best = rank;
        bestSubject = subjectRank;
        level = s.match.level;
        subject = s.subject;
      }
      if (rank >= CONCERN_RANK) {
        addFlags(s.rule.flags);
        if (s.match.category === 'combination') {
          const combination = this.compiled.combinations.find((c) => c.id === s.match.ruleId);
          addFlags(combination?.flags ?? []);
        }
      }
    }
    if (subject === 'other') addFlags(['third_party']);

    const matches = all.map((s) => s.match).sort((a, b) => a.start - b.start || riskRank(b.level) - riskRank(a.level));
    return {
      level,
      subject,
      flags: flags.sort(),
      matches,
      rulesVersion: this.rulesVersion,
      signals: signals.sort(),
    };
  }
}

function includesAll(have: readonly string[], wanted: readonly string[]): boolean {
  for (let i = 0; i < wanted.length; i++) if (!have.includes(wanted[i])) return false;
  return true;
}

/**
 * Among matches at the highest level, whose risk the message is about: the speaker when words say so ("ill kill my
 * dad if he keeps hitting my mum"), else someone else when named, else the speaker by default. The speaker's own
 * risk goes first because it is the one that pages; someone else's is still reported in the matches.
 */
function subjectPriority(s: ScoredMatch): number {
  if (s.subject === 'self') return s.subjectNamed ? 2 : 0;
  return 1;
}

/**
 * Whose risk a combination is about. Timing words say nothing about who ("once theyre out tonight im using the
 * gun"), so they do not vote; the rest must all be about someone else for the result to be `other`. Erring to
 * `self` matters: the person's own emergency routed as third-party advice would not be paged.
 */
function combinationSubject(parts: readonly ScoredMatch[]): RiskSubject {
  const voters = parts.filter((p) => p.rule.category !== 'timing');
  const deciding = voters.length > 0 ? voters : parts;
  return deciding.every((p) => p.subject === 'other') ? 'other' : 'self';
}
