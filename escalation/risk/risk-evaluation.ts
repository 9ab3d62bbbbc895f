import { isAtLeast, RISK_LEVELS, riskRank, type RiskLevel, type RiskSubject } from './risk-level';

export interface LabelledOutcome {
  expected: RiskLevel;
  screened: RiskLevel;
  expectedSubject?: RiskSubject;
  screenedSubject: RiskSubject;
}

export interface EvaluationReport {
  total: number;
  /** confusion[expected][screened] */
  confusion: Record<RiskLevel, Record<RiskLevel, number>>;
  /** Labelled emergency/urgent screened at urgent or above. */
  sensitivity: number;
  /** Labelled emergency screened as emergency. */
  emergencyRecall: number;
  /** Labelled emergency screened as concern or none. */
  underTriage: number;
  /** Share of labelled none screened at urgent or above. */
  noneRaised: number;
  exactAccuracy: number;
  subjectAccuracy: number | null;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

/** Pure metrics over labelled outcomes; the CLI and the corpus regression test both use it. */
export function evaluate(outcomes: readonly LabelledOutcome[]): EvaluationReport {
  const confusion = Object.fromEntries(
    RISK_LEVELS.map((expected) => [expected, Object.fromEntries(RISK_LEVELS.map((screened) => [screened, 0]))]),
  ) as Record<RiskLevel, Record<RiskLevel, number>>;
  let atRisk = 0;
  let atRiskCaught = 0;
  let emergencies = 0;
  let emergenciesCaught = 0;
  let underTriage = 0;
  let nones = 0;
  let nonesRaised = 0;
  let exact = 0;
  let subjectLabelled = 0;
  let subjectCorrect = 0;
  for (const o of outcomes) {
    confusion[o.expected][o.screened]++;
    if (o.expected === o.screened) exact++;
    if (isAtLeast(o.expected, 'urgent')) {
      atRisk++;
      if (isAtLeast(o.screened, 'urgent')) atRiskCaught++;
    }
    if (o.expected === 'emergency') {
      emergencies++;
      if (o.screened === 'emergency') emergenciesCaught++;
      if (riskRank(o.screened) <= riskRank('concern')) underTriage++;
    }
    if (o.expected === 'none') {
      nones++;
      if (isAtLeast(o.screened, 'urgent')) nonesRaised++;
    }
    if (o.expectedSubject !== undefined) {
      subjectLabelled++;
      if (o.expectedSubject === o.screenedSubject) subjectCorrect++;
    }
  }
  return {
    total: outcomes.length,
    confusion,
    sensitivity: ratio(atRiskCaught, atRisk),
    emergencyRecall: ratio(emergenciesCaught, emergencies),
    underTriage,
    noneRaised: nones === 0 ? 0 : nonesRaised / nones,
    exactAccuracy: ratio(exact, outcomes.length),
    subjectAccuracy: subjectLabelled === 0 ? null : subjectCorrect / subjectLabelled,
  };
}

export interface EvaluationThresholds {
  minSensitivity?: number;
  minEmergencyRecall?: number;
  maxUnderTriage?: number;
  maxNoneRaised?: number;
}

/** Human-readable reasons for each threshold the report misses; empty when all given thresholds hold. */
export function missedThresholds(report: EvaluationReport, thresholds: EvaluationThresholds): string[] {
  const missed: string[] = [];
  if (thresholds.minSensitivity !== undefined && report.sensitivity < thresholds.minSensitivity) {
    missed.push(`sensitivity ${pct(report.sensitivity)} < ${pct(thresholds.minSensitivity)}`);
  }
  if (thresholds.minEmergencyRecall !== undefined && report.emergencyRecall < thresholds.minEmergencyRecall) {
    missed.push(`emergency recall ${pct(report.emergencyRecall)} < ${pct(thresholds.minEmergencyRecall)}`);
  }
  if (thresholds.maxUnderTriage !== undefined && report.underTriage > thresholds.maxUnderTriage) {
    missed.push(`under-triage ${report.underTriage} > ${thresholds.maxUnderTriage}`);
  }
  if (thresholds.maxNoneRaised !== undefined && report.noneRaised > thresholds.maxNoneRaised) {
    missed.push(`none raised to urgent+ ${pct(report.noneRaised)} > ${pct(thresholds.maxNoneRaised)}`);
  }
  return missed;
}

export function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function formatReport(report: EvaluationReport): string[] {
  const width = 11;
  const lines = [
    `confusion matrix (rows = labelled, columns = screened), ${report.total} messages`,
    `${'labelled'.padEnd(width)}${RISK_LEVELS.map((l) => l.padStart(width)).join('')}`,
    ...RISK_LEVELS.map((expected) => `${expected.padEnd(width)}${RISK_LEVELS.map((s) => String(report.confusion[expected][s]).padStart(width)).join('')}`),
    `exact level accuracy: ${pct(report.exactAccuracy)}`,
  ];
  if (report.subjectAccuracy !== null) lines.push(`subject accuracy: ${pct(report.subjectAccuracy)}`);
  lines.push(
    `sensitivity (urgent+emergency screened >= urgent): ${pct(report.sensitivity)}`,
    `emergency recall: ${pct(report.emergencyRecall)}`,
    `under-triage (emergency screened concern/none): ${report.underTriage}`,
    `none raised to urgent or above: ${pct(report.noneRaised)}`,
  );
  return lines;
}
