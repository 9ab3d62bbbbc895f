import { compileRuleSet, type CompiledBranch, type CompiledRule, type CompiledRuleSet } from './compile-rules';
import { assessContext, compileContextReading, type ContextReadingCues } from './context-modifiers';
import { CueMatcher } from './cue-matcher';
import { accumulate as accumulateConversation, type ConversationRiskMemory } from './conversation-risk-memory';
import { Normaliser, type NormalisedText } from './normalise';
import { BRANCH_SLOTS } from './prefix-index';
import { higherOf, riskRank, RISK_LEVELS, type RiskLevel, type RiskSubject } from './risk-level';
import type { RiskRuleSetDefinition } from './risk-rule-set';
import type { RuleMatch, ScreeningResult } from './screening-result';

/** A rule that matches very often in one message adds nothing after this many spans; keeps output bounded. */
const MAX_MATCHES_PER_RULE = 8;
/** Matched text is quoted in results; a combination can span a whole long message, so quotes are capped. */
const MAX_QUOTED_CHARS = 400;

/** One message being screened: rules read `text`; context cues read `contextText` (innocent uses blanked). */
interface Scan {
  readonly text: string;
  readonly innocent: InnocentSpans;
  readonly contextText: string;
}

interface ScoredMatch {
  rule: CompiledRule;
  match: RuleMatch;
  subject: RiskSubject;
  /** The words (or the rule) said whose risk it is; false when `subject` is the speaker only by default. */
  subjectNamed: boolean;
  asserted: boolean;
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
    const found = sticky.exec(text);
    if (found !== null) return start + found[0].length;
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
  /** Each rule's regex, sticky, to re-try a rule at its match start (negation inside a match). */
  private readonly stickyRules: ReadonlyMap<CompiledRule, RegExp>;

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
    this.contextReading = compileContextReading(definition.context, definition.macros);
    this.stickyRules = new Map(this.compiled.rules.map((rule) => [rule, new RegExp(rule.regex.source, 'y')]));
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
      const innocent = this.innocentSpans(searched);
      const scan: Scan = { text: searched, innocent, contextText: innocent.blank(searched) };
      for (const rule of this.compiled.rules) this.collectMatches(rule, scan, normalised, scored);
      return this.summarise(scored, normalised);
    }
    const { rules, prefixIndex } = this.compiled;
    const candidates = prefixIndex.candidates(searched);
    const innocent = this.innocentSpansAt(searched, candidates[rules.length]);
    const scan: Scan = { text: searched, innocent, contextText: innocent.blank(searched) };
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule.branches === null) this.collectMatches(rule, scan, normalised, scored);
      else {
        const at = candidates[i];
        if (at !== undefined) this.collectMatchesAt(rule, rule.branches, at, scan, normalised, scored);
      }
    }
    return this.summarise(scored, normalised);
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
  private collectMatchesAt(
    rule: CompiledRule,
    branches: readonly CompiledBranch[],
    at: readonly number[],
    scan: Scan,
    normalised: NormalisedText,
    out: ScoredMatch[],
  ): void {
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
      out.push(this.score(rule, scan, start, end, normalised));
    }
  }

  private collectMatches(rule: CompiledRule, scan: Scan, normalised: NormalisedText, out: ScoredMatch[]): void {
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
      out.push(this.score(rule, scan, found.index, end, normalised));
    }
  }

  private score(rule: CompiledRule, scan: Scan, start: number, end: number, normalised: NormalisedText): ScoredMatch {
    const sticky = this.stickyRules.get(rule);
    const context = assessContext(scan.contextText, start, end, this.compiled.context, {
      cues: this.contextReading,
      experienceOfSpeaker: rule.category.startsWith('psychosis'),
      ruleMatchesAt: (text, at) => {
        if (sticky === undefined) return false;
        sticky.lastIndex = at;
        return sticky.test(text);
      },
    });
    const modifiers: string[] = [];
    let level = rule.level;
    const floor: RiskLevel = riskRank(rule.level) >= riskRank('urgent') ? 'concern' : 'none';
    const past = context.past && !rule.contextImmune.has('past');
    const negated = context.negated && !rule.contextImmune.has('negated');
    const hypothetical = context.hypothetical && !rule.contextImmune.has('hypothetical');
    const softened = rule.softenedBy !== null && rule.softenedBy.test(context.sentence);
    if (past) modifiers.push('past');
    if (negated) modifiers.push('negated');
    if (hypothetical) modifiers.push('hypothetical');
    if (softened) modifiers.push('softened');
    if (past && riskRank(level) > riskRank('concern')) {
      // History only is "concern" by definition; recent events are not marked past by the cues.
      level = 'concern';
    } else if (negated || hypothetical || softened) {
      // Uncertain context: lean to caution, at most one level down and never to none for a risk statement.
      level = oneLevelDown(level, floor);
    }
    const subject = rule.subject ?? context.subject;
    if (subject === 'other') modifiers.push('third_party');
    const span = normalised.toOriginalSpan(start, end);
    return {
      rule,
      subject,
      subjectNamed: rule.subject !== null || context.subjectNamed,
      asserted: !past && !negated && !hypothetical,
      match: {
        ruleId: rule.id,
        category: rule.category,
        ruleLevel: rule.level,
        level,
        text: normalised.original.slice(span.start, Math.min(span.end, span.start + MAX_QUOTED_CHARS)),
        start: span.start,
        end: span.end,
        modifiers,
      },
    };
  }

  private summarise(scored: ScoredMatch[], normalised: NormalisedText): ScreeningResult {
    const signals = new Set<string>();
    for (const s of scored) if (s.asserted) for (const signal of s.rule.signals) signals.add(signal);

    const combinationMatches: ScoredMatch[] = [];
    const contributing = new Set<ScoredMatch>();
    for (const combination of this.compiled.combinations) {
      if (!combination.allOf.every((signal) => signals.has(signal))) continue;
      const parts = scored.filter((s) => s.asserted && s.rule.signals.some((signal) => combination.allOf.includes(signal)));
      parts.forEach((p) => contributing.add(p));
      const start = Math.min(...parts.map((p) => p.match.start));
      const end = Math.max(...parts.map((p) => p.match.end));
      const subject = combinationSubject(parts);
      combinationMatches.push({
        rule: parts[0].rule,
        subject,
        subjectNamed: subject === 'other' || parts.some((p) => p.subject === 'self' && p.subjectNamed),
        asserted: true,
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
    const reported = scored.filter((s) => s.match.level !== 'none' || s.rule.level !== 'none' || contributing.has(s));
    const all = [...reported, ...combinationMatches];

    let level: RiskLevel = 'none';
    let subject: RiskSubject = 'self';
    let best = -1;
    let bestSubject = -1;
    const flags = new Set<string>();
    for (const s of all) {
      const rank = riskRank(s.match.level);
      const subjectRank = subjectPriority(s);
      if (rank > best || (rank === best && subjectRank > bestSubject && rank > 0)) {
        best = rank;
        bestSubject = subjectRank;
        level = s.match.level;
        subject = s.subject;
      }
      if (rank >= riskRank('concern')) {
        for (const flag of s.rule.flags) flags.add(flag);
        if (s.match.category === 'combination') {
          const combination = this.compiled.combinations.find((c) => c.id === s.match.ruleId);
          for (const flag of combination?.flags ?? []) flags.add(flag);
        }
      }
    }
    if (subject === 'other') flags.add('third_party');

    const matches = all.map((s) => s.match).sort((a, b) => a.start - b.start || riskRank(b.level) - riskRank(a.level));
    return {
      level,
      subject,
      flags: [...flags].sort(),
      matches,
      rulesVersion: this.rulesVersion,
      signals: [...signals].sort(),
    };
  }
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
