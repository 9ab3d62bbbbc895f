import type { TurnContext } from 'botbuilder';
import type { TurnScreening } from '../bot/turn/conversation-risk-screen';
import type { EscalationReason } from './ports/escalation-requester';

const SCREENING_KEY = Symbol('triage.turnScreening');

/** The risk screen's result for this turn, shared with every dialog through the turn state (not persisted). */
export function setTurnScreening(context: TurnContext, screening: TurnScreening | undefined): void {
  context.turnState.set(SCREENING_KEY, screening);
}

export function turnScreening(context: TurnContext): TurnScreening | undefined {
  return context.turnState.get(SCREENING_KEY) as TurnScreening | undefined;
}

const UNDER_19_FLAGS = new Set(['child', 'under19', 'under_19', 'young_person']);

export function isUnder19(context: TurnContext): boolean {
  const screening = turnScreening(context);
  return [...(screening?.conversation.flags ?? []), ...(screening?.message.flags ?? [])].some((f) => UNDER_19_FLAGS.has(f));
}

/** The risk facts for an escalation: rules, categories and rules version of the conversation so far. */
export function escalationReason(context: TurnContext, summary: string, extra: Partial<EscalationReason> = {}): EscalationReason {
  const conversation = turnScreening(context)?.conversation;
  const matches = conversation?.matches ?? [];
  return {
    riskRules: [...new Set(matches.map((m) => m.ruleId))],
    categories: [...new Set(matches.map((m) => m.category))],
    rulesVersion: conversation?.rulesVersion ?? 'unscreened',
    summary,
    ...extra,
  };
}
