import type { RiskLevel } from '../../escalation/risk/risk-level';
import type { ScreeningResult } from '../../escalation/risk/screening-result';

/** What the turn handler needs from the risk screen: this message, and the conversation so far. */
export interface TurnScreening {
  message: ScreeningResult;
  /** Accumulated over the conversation; never lower than any level already reached. */
  conversation: ScreeningResult;
  /** The conversation's level before this message. */
  previousLevel: RiskLevel;
  /** JSON-serialisable memory to store in conversation state for the next turn. */
  memory: unknown;
}

export interface ConversationRiskScreen {
  screenTurn(text: string, memory: unknown): TurnScreening;
}
