import { configFile } from './config-dir';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { compileRuleSet, RuleCompileError, type CompiledRuleSet } from '../escalation/risk/compile-rules';
import { RiskScreen } from '../escalation/risk/risk-screen';
import type { RiskRuleSetDefinition } from '../escalation/risk/risk-rule-set';
import { riskRulePartSchema, riskRuleSetSchema, type RiskRulePartConfig } from './risk-rules-schema';

export const DEFAULT_RISK_RULES_PATH = configFile('risk-rules.yaml');

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

export function rulesVersionOf(label: string, ...contents: string[]): string {
  const hash = createHash('sha256');
  contents.forEach((content, i) => hash.update(i === 0 ? content : `\u0000${content}`));
  return `${label}+${hash.digest('hex').slice(0, 12)}`;
}

/** Reads a part file named (relative to the main rules file) under `parts:`. */
export type RulePartReader = (relativePath: string) => string;

function parseYamlOrThrow(text: string, source: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new RiskRulesError(source, [`not valid YAML: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

function mergePart(into: RiskRuleSetDefinition, part: RiskRulePartConfig, source: string): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(part.macros)) {
    if (name in into.macros) problems.push(`macro "${name}" is already defined`);
    else into.macros[name] = value;
  }
  for (const [key, value] of Object.entries(part.textisms)) {
    if (key in into.normalisation.textisms && into.normalisation.textisms[key] !== value) problems.push(`textism "${key}" is already defined differently`);
    else into.normalisation.textisms[key] = value;
  }
  if (problems.length > 0) throw new RiskRulesError(source, problems);
  for (const kind of Object.keys(part.context) as (keyof RiskRulePartConfig['context'])[]) into.context[kind].push(...part.context[kind]);
  into.innocentUses.push(...part.innocentUses);
  into.rules.push(...part.rules);
  into.combinations.push(...part.combinations);
}

/**
 * Parses and validates rules text (and the part files it lists), including compiling every pattern, so a bad edit
 * fails at load time. The version hashes the main file and every part, so any edit to any of them changes it.
 */
export function parseRiskRules(yamlText: string, source = 'risk rules', readPart?: RulePartReader): LoadedRiskRules {
  const raw = parseYamlOrThrow(yamlText, source);
  const parsed = riskRuleSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RiskRulesError(source, parsed.error.issues.map((issue) => describeIssue(issue, raw)));
  }
  const { parts, ...main } = parsed.data;
  const definition: RiskRuleSetDefinition = main;
  const contents = [yamlText];
  for (const partPath of parts) {
    if (!readPart) throw new RiskRulesError(source, [`parts: "${partPath}" cannot be read (rules given as text, not a file)`]);
    let partText: string;
    try {
      partText = readPart(partPath);
    } catch (err) {
      throw new RiskRulesError(partPath, [`cannot read part file: ${err instanceof Error ? err.message : String(err)}`]);
    }
    const partRaw = parseYamlOrThrow(partText, partPath);
    const part = riskRulePartSchema.safeParse(partRaw);
    if (!part.success) throw new RiskRulesError(partPath, part.error.issues.map((issue) => describeIssue(issue, partRaw)));
    mergePart(definition, part.data, partPath);
    contents.push(`${partPath}\u0000${partText}`);
  }
  let compiled: CompiledRuleSet;
  try {
    compiled = compileRuleSet(definition);
  } catch (err) {
    if (err instanceof RuleCompileError) throw new RiskRulesError(source, [err.message]);
    throw err;
  }
  return { definition, version: rulesVersionOf(definition.version, ...contents), compiled };
}

export function loadRiskRules(path: string = DEFAULT_RISK_RULES_PATH): LoadedRiskRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RiskRulesError(path, [`cannot read file: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseRiskRules(text, path, (relativePath) => readFileSync(resolve(dirname(path), relativePath), 'utf8'));
}

/** The composition root's one-liner: load, validate and compile the rules into a ready screen. */
export function loadRiskScreen(path: string = DEFAULT_RISK_RULES_PATH): RiskScreen {
  const { definition, version, compiled } = loadRiskRules(path);
  return new RiskScreen(definition, version, { compiled });
}
