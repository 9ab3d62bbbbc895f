import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateLabelled } from '../../../bot/cli/commands/risk-commands';
import { riskRank, type RiskLevel } from '../../../escalation/risk/risk-level';
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

  /**
   * Principle: err to self. A person's own urgent risk read as someone else's gets third-party advice instead of the
   * safety questions (an emergency is still paged). A ratchet: lower it whenever the engine or rules improve.
   */
  const MAX_OWN_RISK_READ_AS_OTHERS = 8;

  it(`reads at most ${MAX_OWN_RISK_READ_AS_OTHERS} of the lines where the person's own risk is urgent or worse as someone else's`, () => {
    const screen = realScreen();
    const misread: string[] = [];
    for (const name of files) {
      for (const line of readFileSync(path.join(FIXTURES, name), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const labelled = JSON.parse(line) as { id: string; text: string; level: string; subject?: string };
        if ((labelled.subject ?? 'self') !== 'self' || riskRank(labelled.level as RiskLevel) < riskRank('urgent')) continue;
        const result = screen.screen(labelled.text);
        if (riskRank(result.level) >= riskRank('urgent') && result.subject === 'other') misread.push(`${labelled.id}: ${labelled.text}`);
      }
    }
    expect(misread.length <= MAX_OWN_RISK_READ_AS_OTHERS ? [] : misread).toEqual([]);
  });

  it.each(files)('%s: every line is read and screened without a triage error', (name) => {
    const { report, invalidLines, errors } = evaluateLabelled(readFileSync(path.join(FIXTURES, name), 'utf8'), realScreen());
    expect(invalidLines).toEqual([]);
    expect(report.total).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
