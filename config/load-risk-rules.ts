import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { compileRuleSet, RuleCompileError, type CompiledRuleSet } from '../escalation/risk/compile-rules';
import { RiskScreen } from '../escalation/risk/risk-screen';
import type { RiskRuleSetDefinition } from '../escalation/risk/risk-rule-set';
import { riskRuleSetSchema } from './risk-rules-schema';

export const DEFAULT_RISK_RULES_PATH = join(__dirname, 'risk-rules.yaml');

/** A rules file that must not be used; each problem names the rule id (or section) and the field. */
export class RiskRulesError extends Error {
  readonly code = 'RISK_RULES_INVALID';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid risk rules:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RiskRulesError';
  }
}

export interface LoadedRiskRules {
  definition: RiskRuleSetDefinition;
  /** Semantic label + short content hash, e.g. "1.0.0+3f2a9c1b0d4e"; recorded with every result. */
  version: string;
  /** Compiled while validating; handed to the screen so start-up compiles the rules once. */
  compiled: CompiledRuleSet;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [top, index, ...rest] = issue.path;
  if ((top === 'rules' || top === 'combinations' || top === 'innocentUses') && typeof index === 'number') {
    const list = isRecord(raw) && Array.isArray(raw[top]) ? (raw[top] as unknown[]) : [];
    const item = list[index];
    const id = isRecord(item) && typeof item.id === 'string' ? item.id : `#${index + 1}`;
    const kind = top === 'rules' ? 'rule' : top === 'combinations' ? 'combination' : 'innocent use';
    const field = rest.length > 0 ? rest.map(String).join('.') : '(entry)';
    return `${kind} "${id}" → ${field}: ${issue.message}`;
  }
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

export function rulesVersionOf(label: string, content: string): string {
  return `${label}+${createHash('sha256').update(content).digest('hex').slice(0, 12)}`;
}

/** Parses and validates rules text, including compiling every pattern, so a bad edit fails at load time. */
export function parseRiskRules(yamlText: string, source = 'risk rules'): LoadedRiskRules {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new RiskRulesError(source, [`not valid YAML: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const parsed = riskRuleSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RiskRulesError(source, parsed.error.issues.map((issue) => describeIssue(issue, raw)));
  }
  let compiled: CompiledRuleSet;
  try {
    compiled = compileRuleSet(parsed.data);
  } catch (err) {
    if (err instanceof RuleCompileError) throw new RiskRulesError(source, [err.message]);
    throw err;
  }
  return { definition: parsed.data, version: rulesVersionOf(parsed.data.version, yamlText), compiled };
}

export function loadRiskRules(path: string = DEFAULT_RISK_RULES_PATH): LoadedRiskRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RiskRulesError(path, [`cannot read file: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseRiskRules(text, path);
}

/** The composition root's one-liner: load, validate and compile the rules into a ready screen. */
export function loadRiskScreen(path: string = DEFAULT_RISK_RULES_PATH): RiskScreen {
  const { definition, version, compiled } = loadRiskRules(path);
  return new RiskScreen(definition, version, { compiled });
}
