import { compileRuleSet, type CompiledRule, type CompiledRuleSet } from './compile-rules';
import { assessContext } from './context-modifiers';
import { accumulate as accumulateConversation, type ConversationRiskMemory } from './conversation-risk-memory';
import { Normaliser, type NormalisedText } from './normalise';
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

  constructor(
    definition: RiskRuleSetDefinition,
    readonly rulesVersion: string,
  ) {
    this.compiled = compileRuleSet(definition);
    this.normaliser = new Normaliser(definition.normalisation);
  }

  normalise(text: string): string {
    return this.normaliser.normalise(text).text;
  }

  screen(text: string): ScreeningResult {
    const input = typeof text === 'string' ? text : '';
    const normalised = this.normaliser.normalise(input);
    const searchable = this.blankInnocentUses(normalised.text);
    const scored: ScoredMatch[] = [];
    for (const rule of this.compiled.rules) {
      this.collectMatches(rule, searchable, normalised, scored);
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
      const subject: RiskSubject = parts.some((p) => p.subject === 'other') && !parts.some((p) => p.subject === 'self' && p.rule.level !== 'none') ? 'other' : parts[0].subject;
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
