import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { serviceConfigSchema, type ServiceConfig } from '../../../config/service-schema';

/** The shipped example service config, parsed with the real schema. */
export function exampleServiceConfig(): ServiceConfig {
  return serviceConfigSchema.parse(parseYaml(readFileSync(join(__dirname, '..', '..', '..', 'config', 'service.yaml'), 'utf8')));
}
