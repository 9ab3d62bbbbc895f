import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KnowledgeBaseConfig } from '../../config/knowledge-base-schema';

/** One labelled utterance. `intent` 'none' marks an off-topic example (trains rejection). */
export interface TrainingExample {
  text: string;
  intent: string;
  source: 'kb' | 'extra';
}

export const DEFAULT_EXTRA_TRAINING_PATH = join(__dirname, '..', '..', 'config', 'nlu-extra-training.yaml');

/** Extra utterances (e.g. imported from a LUIS export), loaded on top of the KB's example questions. */
export const extraTrainingSchema = z
  .object({
    version: z.literal(1),
    /** Where the examples came from, for people reading the file. */
    source: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    /** intent → utterances. 'none' holds off-topic utterances. */
    intents: z.record(z.string(), z.array(z.string().trim().min(1))).superRefine((intents, ctx) => {
      for (const name of Object.keys(intents)) {
        if (!/^[a-z][a-z0-9_]*$/.test(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'intent names must be lower-case snake_case, e.g. opening_hours' });
        }
      }
    }),
  })
  .strict();
export type ExtraTrainingFile = z.infer<typeof extraTrainingSchema>;

export class TrainingDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDataError';
  }
}

export function normaliseUtterance(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Every KB example question, plus the KB's off-topic training messages labelled 'none'. */
export function kbExamples(kb: KnowledgeBaseConfig): TrainingExample[] {
  const questions = kb.items.flatMap((item) => item.questions.map((text) => ({ text, intent: item.intent, source: 'kb' as const })));
  const offTopic = kb.offTopicTraining.map((text) => ({ text, intent: 'none', source: 'kb' as const }));
  return [...questions, ...offTopic];
}

export function parseExtraTraining(yamlText: string, source: string): ExtraTrainingFile {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new TrainingDataError(`${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = extraTrainingSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`);
    throw new TrainingDataError(`${source}: invalid extra training file:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}

/** A missing file is normal (nothing imported yet); an unreadable or invalid one is an error. */
export function loadExtraTraining(path: string = DEFAULT_EXTRA_TRAINING_PATH): ExtraTrainingFile | undefined {
  if (!existsSync(path)) return undefined;
  return parseExtraTraining(readFileSync(path, 'utf8'), path);
}

export interface MergedTrainingData {
  examples: TrainingExample[];
  /** Intents in the extra file that the knowledge base has no answer for; their examples are left out. */
  ignoredIntents: string[];
  duplicatesDropped: number;
}

/**
 * KB questions first, then extra utterances for intents the KB answers (plus 'none').
 * Extra intents without a KB item are dropped: recognising a topic we cannot answer helps nobody.
 * `exclude` lets evaluation keep held-out questions out of training.
 */
export function mergeTrainingData(
  kb: KnowledgeBaseConfig,
  extra: ExtraTrainingFile | undefined,
  exclude: Iterable<string> = [],
): MergedTrainingData {
  const known = new Set(kb.items.map((i) => i.intent));
  const seen = new Set<string>([...exclude].map(normaliseUtterance));
  const examples: TrainingExample[] = [];
  let duplicatesDropped = 0;
  const add = (ex: TrainingExample): void => {
    const key = normaliseUtterance(ex.text);
    if (seen.has(key)) {
      duplicatesDropped += 1;
      return;
    }
    seen.add(key);
    examples.push(ex);
  };
  const excluded = new Set([...exclude].map(normaliseUtterance));
  for (const ex of kbExamples(kb)) {
    if (!excluded.has(normaliseUtterance(ex.text))) add(ex);
  }
  const ignoredIntents: string[] = [];
  for (const [intent, texts] of Object.entries(extra?.intents ?? {})) {
    if (intent !== 'none' && !known.has(intent)) {
      ignoredIntents.push(intent);
      continue;
    }
    for (const text of texts) add({ text, intent, source: 'extra' });
  }
  return { examples, ignoredIntents, duplicatesDropped };
}
