import type { TurnContext } from 'botbuilder';
import type { DialogDependencies } from './dialog-dependencies';
import { escalationRequest } from './escalation-contact';
import { say } from './replies/send';
import { asqSummary, nextAsqStep, type AsqOutcome } from './safety-check/asq-scoring';
import type { TriageState } from './triage-state';
import { escalationReason } from './turn-screening';
import { wording } from './wording';

/**
 * "stop" during the safety questions, or before the person has chosen how the crisis team may reach them.
 * The ASQ counts a refusal as a yes, so stopping is itself a positive screen: the crisis team is told, with
 * no way to contact the person (they asked us to stop), before their data is deleted. Without this, saying
 * "stop" would be the one answer that makes a disclosed risk vanish.
 */
export async function escalateStoppedSafetyCheck(context: TurnContext, deps: DialogDependencies, state: TriageState): Promise<void> {
  const unfinished = state.unfinishedSafetyCheck;
  if (unfinished === undefined) return;
  delete state.unfinishedSafetyCheck;
  const { answers, outcome: scored } = unfinished;
  let outcome: AsqOutcome;
  let summary: string;
  if (scored !== undefined) {
    outcome = scored;
    summary = `${asqSummary(answers, scored)}; the person then asked to stop before choosing contact`;
  } else {
    const next = nextAsqStep([...answers, 'refused']);
    outcome = next.kind === 'done' ? next.outcome : 'non-acute-positive';
    summary = `${asqSummary([...answers, 'refused'], outcome)}; the person asked to stop during the safety questions`;
  }
  const level = outcome === 'acute-positive' ? 'emergency' : 'urgent';
  const conversationId = context.activity.conversation.id;
  try {
    const receipt = await deps.escalations.request(
      escalationRequest(context, level, escalationReason(context, summary, { asqOutcome: outcome }), { consentToContact: false }),
    );
    deps.logger.info({ code: 'STOPPED_SAFETY_CHECK_ESCALATED', conversationId, level, reference: receipt.reference }, 'safety check stopped: team told');
    await say(context, receipt.teamPaged ? wording.stoppedSafetyCheckTeamTold(receipt.reference) : wording.stoppedSafetyCheckRecorded(receipt.reference));
  } catch (error) {
    deps.logger.error({ err: error, code: 'STOPPED_SAFETY_CHECK_ESCALATION_FAILED', conversationId, level }, 'safety check stopped: escalation not stored');
    await say(context, wording.stoppedSafetyCheckNotTold(deps.service));
  }
}
