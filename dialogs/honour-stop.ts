import type { TurnContext } from 'botbuilder';
import { deletePersonalData } from './data-deletion';
import type { DialogDependencies } from './dialog-dependencies';
import { channelPhone } from './escalation-contact';
import { say } from './replies/send';
import type { TriageState } from './triage-state';
import { escalateUnfinishedSafetyCheck } from './unfinished-safety-check';
import { wording } from './wording';

/** What the crisis team still holds after "stop": a phone kept on vital interests, none, or unknown (store down). */
export type PhoneAfterStop = 'kept' | 'not-kept' | 'unknown';

/**
 * "stop" / "delete my data", typed anywhere or chosen from the menu. In order: an emergency alert still pending is
 * filed without any way to message the person; every open escalation stops messaging them and withdraws a phone given
 * with consent (an emergency keeps it, on vital interests); an unfinished safety check is still passed on, as a
 * refusal; then the message text goes. What the person is told about their phone number is what is true.
 */
export async function honourStop(context: TurnContext, deps: DialogDependencies, state: TriageState): Promise<void> {
  if (state.emergencyAlertPending) state.emergencyAlertPending = 'stopped';
  const hadCheck = state.unfinishedSafetyCheck !== undefined;
  let phone = await stopContact(context, deps);
  // A pending emergency alert is filed (this turn or by the watch) with the texter's number, on vital interests.
  if (phone !== 'unknown' && state.emergencyAlertPending !== undefined && channelPhone(context) !== undefined) phone = 'kept';
  await escalateUnfinishedSafetyCheck(context, deps, state, 'stopped', phone);
  if (!hadCheck && phone === 'kept') await say(context, wording.phoneKeptAfterStop());
  if (!hadCheck && phone === 'unknown') await say(context, wording.stopNotConfirmed());
  await deletePersonalData(context, deps);
}

async function stopContact(context: TurnContext, deps: DialogDependencies): Promise<PhoneAfterStop> {
  const conversationId = context.activity.conversation.id;
  try {
    return (await deps.escalations.personAskedToStop(conversationId)).keepsPhone ? 'kept' : 'not-kept';
  } catch (error) {
    deps.logger.error({ err: error, code: 'STOP_CONTACT_FAILED', conversationId }, 'could not apply "stop" to open escalations');
    return 'unknown';
  }
}
