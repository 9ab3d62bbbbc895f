import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as index from 'botbuilder-dialogs';
import * as sdk from '../../dialogs/dialogs-sdk';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * dialogs/dialogs-sdk.ts takes botbuilder-dialogs classes from the package's own files so the bot does not load the
 * language recognizers of prompts it never uses. These tests fail loudly on an upgrade that moves those files.
 */
describe('dialogs-sdk: botbuilder-dialogs without its unused recognizers', () => {
  it.each(Object.keys(sdk))('%s is the very export of the package index', (name) => {
    const deep = (sdk as Record<string, unknown>)[name];
    expect(deep).toBeDefined();
    expect(deep).toBe((index as Record<string, unknown>)[name]);
  });

  it('loading the dialogs loads no date-time, choice or suite recognizers', () => {
    const script =
      "require('./dialogs/triage-conversation-engine');" +
      "process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('recognizers-text'))));";
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' }),
    ) as string[];
    expect(loaded.filter((file) => /recognizers-text-(suite|choice|date-time|number-with-unit|sequence)/.test(file))).toEqual([]);
  });
});
