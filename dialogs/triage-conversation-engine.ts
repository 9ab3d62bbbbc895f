import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { ConversationEngine } from '../bot/turn/conversation-engine';
import type { TurnScreening } from '../bot/turn/conversation-risk-screen';
import type { DialogDependencies } from './dialog-dependencies';
import { MAIN_DIALOG, MainDialog, type MainOptions } from './main-dialog';
import { escalationRequest } from './escalation-contact';
import { readTriageState, type TriageState } from './triage-state';
import { escalationReason, setTurnScreening } from './turn-screening';
import { unfinishedSafetyCheckEscalation } from './unfinished-safety-check';

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
    this.deps = { ...rest, triageState: conversationState.createProperty<TriageState>('triage') };
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
    const watched = (await this.deps.triageState.get(context))?.unfinishedSafetyCheck !== undefined;
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG, {} satisfies MainOptions);
    await this.keepWatchOverSafetyCheck(context, watched);
  }

  /**
   * A safety check still unfinished at the end of a turn is (re)watched with what the team should be told if the
   * person says nothing more; every reply restarts the wait. Once the check ends, the watch goes. The state is
   * read without a default so that a conversation whose data was just deleted is not written back.
   */
  private async keepWatchOverSafetyCheck(context: TurnContext, watched: boolean): Promise<void> {
    const conversationId = context.activity.conversation.id;
    const unfinished = (await this.deps.triageState.get(context))?.unfinishedSafetyCheck;
    try {
      if (unfinished !== undefined) {
        const { level, outcome, summary } = unfinishedSafetyCheckEscalation(unfinished, 'went-quiet');
        const reason = escalationReason(context, summary, { asqOutcome: outcome });
        await this.deps.safetyCheckWatch.watch(escalationRequest(context, level, reason, { consentToContact: false }));
      } else if (watched) {
        await this.deps.safetyCheckWatch.stopWatching(conversationId);
      }
    } catch (error) {
      // The person already has the crisis numbers from this turn; the next reply arms the watch again.
      this.deps.logger.error({ err: error, code: 'SAFETY_CHECK_WATCH_FAILED', conversationId }, 'safety check watch not stored');
    }
  }

  async saveState(context: TurnContext): Promise<void> {
    await this.options.conversationState.saveChanges(context);
  }
}
