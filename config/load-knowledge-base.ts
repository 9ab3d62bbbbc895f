import { configFile } from './config-dir';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { knowledgeBaseSchema, type KnowledgeBaseConfig } from './knowledge-base-schema';

export const DEFAULT_KNOWLEDGE_BASE_PATH = configFile('knowledge-base.yaml');

/** A knowledge base file that cannot be used; `problems` are one human-readable line each. */
export class KnowledgeBaseError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid knowledge base:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KnowledgeBaseError';
  }
}

/**
 * Names the item by its id (not its array index) so an editor can find it in the YAML,
 * e.g. `item "side-effects" → answer: must be at most 480 characters`.
 */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [top, index, ...rest] = issue.path;
  if (top === 'items' && typeof index === 'number') {
    const rawItems = isRecord(raw) && Array.isArray(raw.items) ? raw.items : [];
    const rawItem: unknown = rawItems[index];
    const id = isRecord(rawItem) && typeof rawItem.id === 'string' ? rawItem.id : `#${index + 1}`;
    const field = rest.length > 0 ? rest.map(String).join('.') : '(item)';
    return `item "${id}" → ${field}: ${issue.message}`;
  }
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseKnowledgeBase(yamlText: string, source = 'knowledge base'): KnowledgeBaseConfig {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new KnowledgeBaseError(source, [`not valid YAML: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const result = knowledgeBaseSchema.safeParse(raw);
  if (!result.success) {
    throw new KnowledgeBaseError(source, result.error.issues.map((issue) => describeIssue(issue, raw)));
  }
  return result.data;
}

export function loadKnowledgeBase(path: string = DEFAULT_KNOWLEDGE_BASE_PATH): KnowledgeBaseConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KnowledgeBaseError(path, [`cannot read file: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseKnowledgeBase(text, path);
}
