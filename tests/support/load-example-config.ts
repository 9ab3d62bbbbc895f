import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { configFile } from '../../config/config-dir';
import { serviceConfigSchema, type ServiceConfig } from '../../config/service-schema';

/** The shipped example service configuration, parsed with the real schema (from ts-node/jest or from dist/). */
export function loadExampleServiceConfig(): ServiceConfig {
  const text = readFileSync(configFile('service.yaml'), 'utf8');
  return serviceConfigSchema.parse(parse(text));
}
