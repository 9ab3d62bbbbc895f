import type { RiskLevel } from '../../escalation/risk/risk-level';

export interface SignpostingSituation {
  /** Whether the service's own line is staffed now. */
  open: boolean;
  under19?: boolean;
  level: RiskLevel;
}

export interface SignpostRoute {
  label: string;
  number: string;
  note?: string;
}

/** Which numbers to give, by situation and time; the rules live with the signposting config. */
export interface SignpostingService {
  routes(situation: SignpostingSituation): SignpostRoute[];
  /** The always-deliverable crisis numbers message (999, 111 option 2, Samaritans, Shout, crisis line). */
  crisisText(): string;
}
