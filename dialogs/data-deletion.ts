import type { TurnContext } from 'botbuilder';
import type { DialogDependencies } from './dialog-dependencies';
import { say } from './replies/send';
import { wording } from './wording';

/**
 * "stop" / "delete my data": erases the transcript text the person's consent allowed and turns
 * consent off. Dialog state is cleared by the caller (cancelling every dialog). The safety audit
 * trail and the risk memory stay, as the privacy notice explains.
 */
export async function deletePersonalData(context: TurnContext, deps: DialogDependencies): Promise<void> {
  const conversationId = context.activity.conversation.id;
  // Consent goes first, so nothing said from here on (including this reply) is kept.
  await deps.flags.privacy.set(context, { transcriptConsent: false, decidedAt: deps.clock.now().toISOString() });
  try {
    const { transcriptEntries } = await deps.eraser.erase(conversationId);
    deps.logger.info({ code: 'PERSONAL_DATA_ERASED', conversationId, transcriptEntries }, 'personal data erased on request');
    await say(context, wording.deleted(transcriptEntries, deps.service), `${wording.numbersStillThere()} ${deps.signposting.crisisText()}`);
  } catch (error) {
    deps.logger.error({ err: error, code: 'PERSONAL_DATA_ERASE_FAILED', conversationId }, 'personal data erase failed');
    await say(context, wording.deleteFailed(), `${wording.numbersStillThere()} ${deps.signposting.crisisText()}`);
  }
}
