import { z } from 'zod';
import { RISK_LEVELS } from '../escalation/risk/risk-level';
import { CONTEXT_KINDS, type RiskRuleSetDefinition } from '../escalation/risk/risk-rule-set';

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "-" or "." and start with a letter');
const pattern = z.string().min(1, 'must not be empty');
const level = z.enum(RISK_LEVELS);
const word = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits or "_"');

export const riskRuleSchema = z.strictObject({
  id: identifier,
  category: word,
  level,
  patterns: z.array(pattern).min(1, 'a rule needs at least one pattern'),
  rationale: z.string().min(10, 'explain the rule for a clinical safety officer (at least 10 characters)'),
  signals: z.array(word).optional(),
  flags: z.array(word).optional(),
  subject: z.enum(['self', 'other']).optional(),
  contextImmune: z.array(z.enum(CONTEXT_KINDS)).optional(),
  softenedBy: z.array(pattern).optional(),
  examples: z.array(z.string().min(1)).optional(),
});

export const combinationSchema = z.strictObject({
  id: identifier,
  allOf: z.array(word).min(2, 'a combination needs at least two signals'),
  level,
  rationale: z.string().min(10),
  flags: z.array(word).optional(),
});

export const innocentUseSchema = z.strictObject({
  id: identifier,
  pattern,
  rationale: z.string().min(5),
});

const stringMap = z.record(z.string().min(1), z.string());

const macroName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'macro names are UPPER_CASE');

/**
 * A part file (listed under `parts:` in the main rules file) adds rules for one area of risk; it can add
 * macros, textisms, innocent uses, context cues and combinations but never change the version or remove anything.
 */
export const riskRulePartSchema = z.strictObject({
  description: z.string().min(10, 'say what area of risk this part covers'),
  macros: z.record(macroName, pattern).default({}),
  textisms: z.record(z.string().regex(/^[a-z0-9' ]+$/, 'textism keys are lower-case words'), z.string()).default({}),
  context: z
    .strictObject({
      negation: z.array(pattern).default([]),
      negationExceptions: z.array(pattern).default([]),
      past: z.array(pattern).default([]),
      hypothetical: z.array(pattern).default([]),
      thirdPartySubjects: z.array(pattern).default([]),
      firstPersonSubjects: z.array(pattern).default([]),
    })
    .default({ negation: [], negationExceptions: [], past: [], hypothetical: [], thirdPartySubjects: [], firstPersonSubjects: [] }),
  innocentUses: z.array(innocentUseSchema).default([]),
  rules: z.array(riskRuleSchema).default([]),
  combinations: z.array(combinationSchema).default([]),
});

export type RiskRulePartConfig = z.infer<typeof riskRulePartSchema>;

export const riskRuleSetSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version like 1.0.0'),
  /** Part files, relative to the main file, merged in this order (one area of risk each). */
  parts: z.array(z.string().regex(/^[A-Za-z0-9_./-]+\.ya?ml$/, 'a relative path to a .yaml file')).default([]),
  macros: z.record(macroName, pattern).default({}),
  normalisation: z.strictObject({
    homoglyphs: stringMap.default({}),
    leet: z.record(z.string().length(1, 'leet keys are single characters'), z.string().regex(/^[a-z]$/, 'leet maps to one letter')).default({}),
    emoji: stringMap.default({}),
    textisms: z.record(z.string().regex(/^[a-z0-9' ]+$/, 'textism keys are lower-case words'), z.string()).default({}),
  }),
  context: z.strictObject({
    negation: z.array(pattern).default([]),
    negationExceptions: z.array(pattern).default([]),
    past: z.array(pattern).default([]),
    hypothetical: z.array(pattern).default([]),
    thirdPartySubjects: z.array(pattern).min(1),
    firstPersonSubjects: z.array(pattern).min(1),
  }),
  innocentUses: z.array(innocentUseSchema).default([]),
  rules: z.array(riskRuleSchema).min(1, 'the rule set has no rules'),
  combinations: z.array(combinationSchema).default([]),
});

export type RiskRuleSetConfig = z.infer<typeof riskRuleSetSchema>;

// Compile-time check that the validated config is exactly what the risk screen consumes.
const conforms: (config: Omit<RiskRuleSetConfig, 'parts'>) => RiskRuleSetDefinition = (config) => config;
void conforms;
