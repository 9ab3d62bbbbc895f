import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { serviceConfigSchema, type ServiceConfig } from '../../config/service-schema';

/** The shipped example service configuration, parsed with the real schema. */
export function loadExampleServiceConfig(): ServiceConfig {
  const text = readFileSync(join(__dirname, '..', '..', 'config', 'service.yaml'), 'utf8');
  return serviceConfigSchema.parse(parse(text));
}
