/** Triage levels, lowest first. The order is what "raise" and "never drop back" mean. */
export const RISK_LEVELS = ['none', 'concern', 'urgent', 'emergency'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type RiskSubject = 'self' | 'other';

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function isAtLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return riskRank(level) >= riskRank(threshold);
}

export function higherOf(a: RiskLevel, b: RiskLevel): RiskLevel {
  return riskRank(a) >= riskRank(b) ? a : b;
}
