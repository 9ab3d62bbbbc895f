import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatReport } from '../../../escalation/risk/risk-evaluation';
import { evaluateLabelled } from '../../../bot/cli/commands/risk-commands';
import { realScreen } from './screen-fixture';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/risk-dev.jsonl');
const present = existsSync(CORPUS);
const describeIfCorpus = present ? describe : describe.skip;
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(`corpus regression skipped: ${CORPUS} not found`);
}

// The Done-when gate of issue 3. The corpus measures the rules; it is never copied into them.
describeIfCorpus('risk screen corpus regression (../shared/corpus/risk-dev.jsonl)', () => {
  const { report, invalidLines } = present ? evaluateLabelled(readFileSync(CORPUS, 'utf8'), realScreen()) : { report: null, invalidLines: [] };

  it('reads every line', () => {
    expect(invalidLines).toEqual([]);
  });

  it('meets the Done-when thresholds', () => {
    if (!report) return;
    const summary = formatReport(report).join('\n');
    expect({ underTriage: report.underTriage, summary }).toEqual({ underTriage: 0, summary });
    expect(report.sensitivity).toBeGreaterThanOrEqual(0.98);
    expect(report.emergencyRecall).toBeGreaterThanOrEqual(0.95);
    expect(report.noneRaised).toBeLessThanOrEqual(0.03);
  });
});
