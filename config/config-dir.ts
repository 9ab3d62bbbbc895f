import { basename, join, resolve } from 'node:path';

/**
 * The source `config/` folder, whether this code runs from TypeScript (config/) or from the build (dist/config/):
 * the YAML files are not copied into dist, so there is one copy to review and edit.
 */
export const CONFIG_DIR = basename(resolve(__dirname, '..')) === 'dist' ? resolve(__dirname, '..', '..', 'config') : __dirname;

export function configFile(name: string): string {
  return join(CONFIG_DIR, name);
}
