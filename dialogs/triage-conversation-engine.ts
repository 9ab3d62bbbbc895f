import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from './dialogs-sdk';
import type { ConversationEngine } from '../bot/turn/conversation-engine';
import type { TurnScreening } from '../bot/turn/conversation-risk-screen';
import type { DialogDependencies } from './dialog-dependencies';
import { MAIN_DIALOG, MainDialog, type MainOptions } from './main-dialog';
import { channelPhone, escalationRequest } from './escalation-contact';
import { readTriageState, TRIAGE_STATE_PROPERTY, type TriageState } from './triage-state';
import { escalationReason, setTurnScreening } from './turn-screening';
import { unfinishedSafetyCheckEscalation, type UnfinishedSafetyCheck } from './unfinished-safety-check';
import type { EscalationRequest } from './ports/escalation-requester';

/** The dialogs' dependencies, minus the triage-state accessor the engine creates on conversationState. */
export type TriageConversationEngineOptions = Omit<DialogDependencies, 'triageState'> & {
  conversationState: ConversationState;
};

/**
 * The botbuilder-dialogs conversation behind the turn handler. All state (dialog stack, triage
 * facts) is in ConversationState, so a conversation continues across restarts and instances.
 */
export class TriageConversationEngine implements ConversationEngine {
  private readonly dialogs: DialogSet;
  private readonly deps: DialogDependencies;

  constructor(private readonly options: TriageConversationEngineOptions) {
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined || value === null) throw new Error(`TriageConversationEngine: missing dependency ${name}`);
    }
    if (!(options.contactTimes.emergencyMinutes > 0)) throw new RangeError('contactTimes.emergencyMinutes must be a positive number');
    const { conversationState, ...rest } = options;
    this.deps = { ...rest, triageState: conversationState.createProperty<TriageState>(TRIAGE_STATE_PROPERTY) };
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new MainDialog(this.deps));
  }

  async handleTurn(context: TurnContext, screening: TurnScreening | undefined): Promise<void> {
    setTurnScreening(context, screening);
    const activity = context.activity;
    if (activity.type === ActivityTypes.ConversationUpdate) {
      const personJoined = (activity.membersAdded ?? []).some((member) => member.id !== activity.recipient?.id);
      if (!personJoined) return;
      const state = await readTriageState(this.deps.triageState, context);
      const dc = await this.dialogs.createContext(context);
      if (state.welcomed || dc.activeDialog) return;
      await dc.beginDialog(MAIN_DIALOG, { welcome: true } satisfies MainOptions);
      return;
    }
    if (activity.type !== ActivityTypes.Message) return;
    const before = await this.deps.triageState.get(context);
    const watched = before?.safetyCheckWatched === true || before?.unfinishedSafetyCheck !== undefined;
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG, {} satisfies MainOptions);
    await this.keepWatchOverSafetyCheck(context, watched);
  }

  /**
   * A safety check still unfinished at the end of a turn is (re)watched with what the team should be told if the
   * person says nothing more; every reply restarts the wait. Once the check ends, the watch goes; `safetyCheckWatched`
   * stays set until that removal succeeds, so a failed removal is tried again on the next turn. The state is read
   * without a default so that a conversation whose data was just deleted is not written back (the worker drops a
   * watch whose conversation no longer has an unfinished check).
   */
  private async keepWatchOverSafetyCheck(context: TurnContext, watched: boolean): Promise<void> {
    const conversationId = context.activity.conversation.id;
    const state = await this.deps.triageState.get(context);
    const unfinished = state?.unfinishedSafetyCheck;
    try {
      if (state && unfinished !== undefined) {
        await this.deps.safetyCheckWatch.watch(watchRequest(context, unfinished), { dueNow: escalationFailed(unfinished) });
        state.safetyCheckWatched = true;
      } else if (watched) {
        await this.deps.safetyCheckWatch.stopWatching(conversationId);
        if (state) delete state.safetyCheckWatched;
      }
    } catch (error) {
      // The person already has the crisis numbers from this turn; the next turn tries again.
      this.deps.logger.error({ err: error, code: 'SAFETY_CHECK_WATCH_FAILED', conversationId }, 'safety check watch not stored');
    }
  }

  async saveState(context: TurnContext): Promise<void> {
    await this.options.conversationState.saveChanges(context);
  }
}

/**
 * What the team is told if the watch fires: as the dialogs would have said it. After "stop" (whose own escalation
 * failed) the person gets no further messages and no phone is passed on; otherwise an emergency passes the phone on
 * vital interests, as the emergency response does, and urgent needs consent.
 */
function watchRequest(context: TurnContext, unfinished: UnfinishedSafetyCheck): EscalationRequest {
  const ending = unfinished.ending ?? 'went-quiet';
  const { level, outcome, summary } = unfinishedSafetyCheckEscalation(unfinished, ending);
  const reason = escalationReason(context, summary, { asqOutcome: outcome });
  if (ending === 'stopped') {
    const request = escalationRequest(context, level, reason, { consentToContact: false });
    delete request.conversationReference;
    request.personAskedToStop = true;
    return request;
  }
  const phone = level === 'emergency' ? channelPhone(context) : undefined;
  const contact = level === 'emergency' ? { ...(phone ? { phone } : {}), consentToContact: true } : { consentToContact: false };
  return escalationRequest(context, level, reason, contact);
}

/** The check's own escalation was attempted and could not be stored: the watch retries at once, not after a silence. */
function escalationFailed(unfinished: UnfinishedSafetyCheck): boolean {
  return unfinished.ending !== undefined || unfinished.outcome === 'acute-positive';
}
