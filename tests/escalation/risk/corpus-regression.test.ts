import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { formatReport, missedThresholds, type EvaluationThresholds } from '../../../escalation/risk/risk-evaluation';
import { evaluateLabelled } from '../../../bot/cli/commands/risk-commands';
import { realScreen } from './screen-fixture';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/risk-dev.jsonl');
const GATE = path.resolve(__dirname, '../../../config/risk-corpus-gate.yaml');
const present = existsSync(CORPUS);
const describeIfCorpus = present ? describe : describe.skip;
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(`corpus regression skipped: ${CORPUS} not found`);
}

interface Gate {
  floor: EvaluationThresholds;
  target: EvaluationThresholds;
  heldout: { file: string; floor: EvaluationThresholds }[];
}

/**
 * Principle 6: a change to the risk rules must pass the labelled corpus regression. The floor in
 * config/risk-corpus-gate.yaml is what the rules achieve today (a ratchet: raise it, never lower it);
 * the target is issue 3's Done-when. The corpus measures the rules; it is never copied into them.
 */
describeIfCorpus('risk screen corpus regression (../shared/corpus/risk-dev.jsonl)', () => {
  const gate = YAML.parse(readFileSync(GATE, 'utf8')) as Gate;
  const { report, invalidLines } = present ? evaluateLabelled(readFileSync(CORPUS, 'utf8'), realScreen()) : { report: null, invalidLines: [] };

  it('reads every line', () => {
    expect(invalidLines).toEqual([]);
  });

  it('does not fall below the recorded floor', () => {
    if (!report) return;
    expect({ missed: missedThresholds(report, gate.floor), report: formatReport(report).join('\n') }).toEqual({
      missed: [],
      report: formatReport(report).join('\n'),
    });
  });

  it('keeps the floor no looser than it was, and the target at the Done-when figures', () => {
    expect(gate.target).toEqual({ minSensitivity: 0.98, minEmergencyRecall: 0.95, maxUnderTriage: 0, maxNoneRaised: 0.03 });
    expect(gate.floor.maxNoneRaised).toBeLessThanOrEqual(0.03);
  });
});

/**
 * The team's blind held-out corpora (each written without sight of the rules or the development corpus): always in
 * the repository, so this gate runs on every checkout. Each floor is today's figure; a rule change may not lower it.
 */
const heldout = (YAML.parse(readFileSync(GATE, 'utf8')) as Gate).heldout;

describe.each(heldout)('risk screen held-out regression ($file)', ({ file, floor }) => {
  const { report, invalidLines } = evaluateLabelled(readFileSync(path.resolve(__dirname, '../../..', file), 'utf8'), realScreen());

  it('reads every line of a corpus of a useful size', () => {
    expect(invalidLines).toEqual([]);
    expect(report.total).toBeGreaterThanOrEqual(200);
  });

  it('does not fall below the recorded floor', () => {
    expect({ missed: missedThresholds(report, floor), report: formatReport(report).join('\n') }).toEqual({
      missed: [],
      report: formatReport(report).join('\n'),
    });
  });
});
