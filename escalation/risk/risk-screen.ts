import { compileRuleSet, type CompiledBranch, type CompiledRule, type CompiledRuleSet } from './compile-rules';
import { assessContext } from './context-modifiers';
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

interface ScoredMatch {
  rule: CompiledRule;
  match: RuleMatch;
  subject: RiskSubject;
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
  }

  normalise(text: string): string {
    return this.normaliser.normalise(text).text;
  }

  screen(text: string): ScreeningResult {
    const input = typeof text === 'string' ? text : '';
    const normalised = this.normaliser.normalise(input);
    const scored: ScoredMatch[] = [];
    if (!this.prefilter) {
      const searchable = this.blankInnocentUses(normalised.text);
      for (const rule of this.compiled.rules) this.collectMatches(rule, searchable, normalised, scored);
      return this.summarise(scored, normalised);
    }
    const { rules, prefixIndex } = this.compiled;
    let candidates = prefixIndex.candidates(normalised.text);
    const searchable = this.blankInnocentUsesAt(normalised.text, candidates[rules.length]);
    // Blanking changes characters and word edges; the rules must see candidates of the text they scan.
    if (searchable !== normalised.text) candidates = prefixIndex.candidates(searchable);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule.branches === null) this.collectMatches(rule, searchable, normalised, scored);
      else {
        const at = candidates[i];
        if (at !== undefined) this.collectMatchesAt(rule, rule.branches, at, searchable, normalised, scored);
      }
    }
    return this.summarise(scored, normalised);
  }

  /** Conversation-level result: see conversation-risk-memory.ts; uses this rule set's combinations. */
  accumulate(memory: ConversationRiskMemory | undefined, result: ScreeningResult): { result: ScreeningResult; memory: ConversationRiskMemory } {
    return accumulateConversation(memory, result, this.compiled.combinations);
  }

  private blankInnocentUses(text: string): string {
    const innocent = this.compiled.innocent;
    if (innocent === null) return text;
    innocent.lastIndex = 0;
    if (!innocent.test(text)) return text;
    innocent.lastIndex = 0;
    return text.replace(innocent, (m) => ' '.repeat(m.length));
  }

  /** Same spans as the `innocent` global replace, trying each alternative only at its candidate starts. */
  private blankInnocentUsesAt(text: string, at: readonly number[] | undefined): string {
    const { innocent, innocentBranches } = this.compiled;
    if (innocent === null) return text;
    if (innocentBranches === null) return this.blankInnocentUses(text);
    if (at === undefined) return text;
    let out = '';
    let cursor = 0;
    let next = 0;
    for (let k = 0; k < at.length; ) {
      const start = Math.floor(at[k] / BRANCH_SLOTS);
      const end = start < next ? -1 : firstMatchEnd(innocentBranches, at, k, start, text);
      while (k < at.length && Math.floor(at[k] / BRANCH_SLOTS) === start) k++;
      if (end <= start) continue;
      out += text.slice(cursor, start) + ' '.repeat(end - start);
      cursor = end;
      next = end;
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  }

  /**
   * Same matches as `collectMatches`: a global scan of `\b(?:b1|b2|…)\b` can only match where some
   * alternative's literal prefix starts, and there it takes the first alternative (in order) that matches.
   */
  private collectMatchesAt(
    rule: CompiledRule,
    branches: readonly CompiledBranch[],
    at: readonly number[],
    text: string,
    normalised: NormalisedText,
    out: ScoredMatch[],
  ): void {
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
      count++;
      next = end;
      out.push(this.score(rule, text, start, end, normalised));
    }
  }

  private collectMatches(rule: CompiledRule, text: string, normalised: NormalisedText, out: ScoredMatch[]): void {
    const regex = rule.regex;
    regex.lastIndex = 0;
    let count = 0;
    let found: RegExpExecArray | null;
    while (count < MAX_MATCHES_PER_RULE && (found = regex.exec(text)) !== null) {
      if (found[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      count++;
      out.push(this.score(rule, text, found.index, found.index + found[0].length, normalised));
    }
  }

  private score(rule: CompiledRule, text: string, start: number, end: number, normalised: NormalisedText): ScoredMatch {
    const context = assessContext(text, start, end, this.compiled.context);
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
    const flags = new Set<string>();
    for (const s of all) {
      const rank = riskRank(s.match.level);
      if (rank > best || (rank === best && s.subject === 'other' && rank > 0)) {
        best = rank;
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
 * Whose risk a combination is about. Timing words say nothing about who ("once theyre out tonight im using the
 * gun"), so they do not vote; the rest must all be about someone else for the result to be `other`. Erring to
 * `self` matters: the person's own emergency routed as third-party advice would not be paged.
 */
function combinationSubject(parts: readonly ScoredMatch[]): RiskSubject {
  const voters = parts.filter((p) => p.rule.category !== 'timing');
  const deciding = voters.length > 0 ? voters : parts;
  return deciding.every((p) => p.subject === 'other') ? 'other' : 'self';
}
