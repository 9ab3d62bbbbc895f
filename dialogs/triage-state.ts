import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { RiskLevel } from '../escalation/risk/risk-level';
import type { YesNoAnswer } from './replies/yes-no';
import type { AsqOutcome } from './safety-check/asq-scoring';

/** The ConversationState property that holds TriageState. */
export const TRIAGE_STATE_PROPERTY = 'triage';

/** Per-conversation facts the dialogs act on. Lives in ConversationState, never in memory. */
export interface TriageState {
  welcomed: boolean;
  /** The consent question has been asked (so it is not asked again at every natural point). */
  consentAsked: boolean;
  /** The highest risk level to the person the dialogs have already responded to; only a rise triggers a new response. */
  actedLevel: RiskLevel;
  /** The same for risk to someone else the person told us about. */
  actedLevelOther: RiskLevel;
  /** When the dialogs last responded to the person's own urgent or emergency risk (safety check, emergency response). */
  selfActedAt?: string;
  /** The reference of the last emergency escalation stored for the person (for the record; repeats are folded by the escalation service). */
  emergencyReference?: string;
  /** The same for an emergency reported about someone else. */
  thirdPartyEmergencyReference?: string;
  /**
   * A safety check that has not yet ended in a stored escalation or a negative result: its answers so far,
   * and its outcome once scored. "stop" at this point still tells the crisis team (see stopped-safety-check.ts).
   */
  unfinishedSafetyCheck?: {
    answers: YesNoAnswer[];
    outcome?: AsqOutcome;
    /** Set when the check ended ("stop", a report about someone else) but telling the team failed: its watch files it. */
    ending?: 'stopped' | 'interrupted';
    /** Identifies its escalation across retries once telling the team has failed, so it is stored once. */
    alertKey?: string;
  };
  /**
   * The emergency response could not store its alert: each later turn tries again, and the watch files it at once.
   * 'stopped': the person has since said "stop", so it is filed without any way to message them.
   */
  emergencyAlertPending?: true | 'stopped';
  /** Identifies the pending alert across its retries (turns, the worker), so it is stored once. */
  pendingAlertKey?: string;
  /** A watch for this conversation's safety check is stored and has not been removed yet (so removal is retried). */
  safetyCheckWatched?: boolean;
}

export function initialTriageState(): TriageState {
  return { welcomed: false, consentAsked: false, actedLevel: 'none', actedLevelOther: 'none' };
}

export async function readTriageState(accessor: StatePropertyAccessor<TriageState>, context: TurnContext): Promise<TriageState> {
  // The accessor stores the default object, so changes made by the caller are saved with the turn.
  const state = await accessor.get(context, initialTriageState());
  // State saved before a field existed gets the field's starting value.
  state.actedLevelOther ??= 'none';
  return state;
}
