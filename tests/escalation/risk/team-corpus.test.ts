import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateLabelled } from '../../../bot/cli/commands/risk-commands';
import { realScreen } from './screen-fixture';

const FIXTURES = path.resolve(__dirname, '../../fixtures/risk');
const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.jsonl'));

/**
 * The team's own labelled messages (written from domain knowledge by each rule part's author, never copied from
 * the development corpus): positives as people type them and traps. Every line must be screened without a triage
 * error — no missed risk, no missed emergency, no false alarm on an everyday message — so a rule change that
 * breaks another area's examples fails CI.
 */
describe('team-written risk examples (tests/fixtures/risk)', () => {
  it('has example files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: every line is read and screened without a triage error', (name) => {
    const { report, invalidLines, errors } = evaluateLabelled(readFileSync(path.join(FIXTURES, name), 'utf8'), realScreen());
    expect(invalidLines).toEqual([]);
    expect(report.total).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
