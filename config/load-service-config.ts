import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ConfigError } from './config-error';
import { serviceConfigSchema, type ServiceConfig } from './service-schema';

export function parseServiceConfig(text: string, source: string): ServiceConfig {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid YAML: ${(error as Error).message}`]);
  }
  const parsed = serviceConfigSchema.safeParse(raw);
  if (!parsed.success) throw ConfigError.fromZod(source, parsed.error);
  return parsed.data;
}

export function loadServiceConfig(path: string): ServiceConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseServiceConfig(text, path);
}
