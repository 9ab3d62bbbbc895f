import type { TurnContext } from 'botbuilder';
import type { DialogDependencies } from './dialog-dependencies';
import type { PhoneAfterStop } from './honour-stop';
import { escalationRequest, withoutMessaging } from './escalation-contact';
import { say } from './replies/send';
import { asqSummary, nextAsqStep, type AsqOutcome } from './safety-check/asq-scoring';
import type { TriageState } from './triage-state';
import { escalationReason } from './turn-screening';
import { wording } from './wording';

/**
 * Why a safety check ended before its escalation was stored:
 * - `stopped`: the person said "stop". They asked us to stop, so the team gets no way to message them.
 * - `interrupted`: they went on to tell us about someone else at risk, and the conversation turned to that
 *   person. They were never asked how to be contacted; the team can still reply in this chat.
 * - `went-quiet`: they stopped replying (filed later by the safety-check watch, not during a turn).
 */
export type SafetyCheckEnding = 'stopped' | 'interrupted' | 'went-quiet';

export type UnfinishedSafetyCheck = NonNullable<TriageState['unfinishedSafetyCheck']>;

const ENDING_WORDS: Record<SafetyCheckEnding, string> = {
  stopped: 'the person asked to stop',
  interrupted: 'the person went on to report risk to someone else',
  'went-quiet': 'the person stopped replying',
};

/**
 * What an unfinished check tells the crisis team. Pure. The ASQ counts a refusal as a yes, so a check that ends
 * before its last answer is scored as if the next answer were a refusal; a refusal at "right now?" is acute.
 */
export function unfinishedSafetyCheckEscalation(
  unfinished: UnfinishedSafetyCheck,
  ending: SafetyCheckEnding,
): { level: 'emergency' | 'urgent'; outcome: AsqOutcome; summary: string } {
  const { answers, outcome: scored } = unfinished;
  const why = ENDING_WORDS[ending];
  let outcome: AsqOutcome;
  let summary: string;
  if (scored === 'acute-positive') {
    // Kept only while the emergency response's own alert has not been stored (see EmergencyDialog).
    outcome = scored;
    // Filed again by the watch at once, not after a silence; only a real ending (stop, someone else) is added.
    const then = ending === 'went-quiet' ? '' : `; then ${why}`;
    summary = `${asqSummary(answers, scored)}; the emergency alert could not be stored at the time and was sent again${then}`;
  } else if (scored !== undefined) {
    outcome = scored;
    summary = `${asqSummary(answers, scored)}; ${why} before choosing contact`;
  } else {
    const next = nextAsqStep([...answers, 'refused']);
    outcome = next.kind === 'done' ? next.outcome : 'non-acute-positive';
    summary = `${asqSummary([...answers, 'refused'], outcome)}; ${why} during the safety questions`;
  }
  return { level: outcome === 'acute-positive' ? 'emergency' : 'urgent', outcome, summary };
}

/**
 * The safety check ended before the crisis team was told. The ASQ counts a refusal as a yes, so an unfinished
 * check is scored as if the next answer were a refusal, and the team is told. Without this, "stop" (or a
 * change of subject) would be the one answer that makes a disclosed risk vanish.
 */
export async function escalateUnfinishedSafetyCheck(
  context: TurnContext,
  deps: DialogDependencies,
  state: TriageState,
  ending: Exclude<SafetyCheckEnding, 'went-quiet'>,
  /** What the team holds besides this escalation: a phone kept on vital interests, none, or unknown (store down). */
  phoneElsewhere: PhoneAfterStop = 'not-kept',
): Promise<void> {
  const unfinished = state.unfinishedSafetyCheck;
  if (unfinished === undefined) return;
  const { level, outcome, summary } = unfinishedSafetyCheckEscalation(unfinished, ending);
  const conversationId = context.activity.conversation.id;
  try {
    const built = escalationRequest(context, level, escalationReason(context, summary, { asqOutcome: outcome }), { consentToContact: false });
    // Someone who asked us to stop is not messaged again, not even to say a clinician accepted the alert.
    const request = ending === 'stopped' ? withoutMessaging(built) : built;
    const receipt = await deps.escalations.request(request);
    // Only now: if the request failed, the check stays unfinished and its watch files it later.
    delete state.unfinishedSafetyCheck;
    deps.logger.info({ code: 'UNFINISHED_SAFETY_CHECK_ESCALATED', conversationId, level, ending, reference: receipt.reference }, 'safety check unfinished: team told');
    await say(context, wording.unfinishedSafetyCheckTold(ending, receipt.reference, receipt.teamPaged, deps.service, receipt.keepsPhone ? 'kept' : phoneElsewhere));
  } catch (error) {
    deps.logger.error({ err: error, code: 'UNFINISHED_SAFETY_CHECK_ESCALATION_FAILED', conversationId, level, ending }, 'safety check unfinished: escalation not stored');
    // The check stays unfinished, so its watch files it later, the way this ending requires (no messages after "stop").
    unfinished.ending = ending;
    await say(context, wording.unfinishedSafetyCheckNotTold(ending, deps.service));
  }
}
