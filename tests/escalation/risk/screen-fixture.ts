import { loadRiskScreen } from '../../../config/load-risk-rules';
import type { RiskScreen } from '../../../escalation/risk/risk-screen';

let shared: RiskScreen | undefined;

/** The real rules from config/risk-rules.yaml, compiled once per test file. */
export function realScreen(): RiskScreen {
  shared ??= loadRiskScreen();
  return shared;
}
