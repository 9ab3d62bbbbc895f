import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from './dialogs-sdk';
import type { ConversationEngine } from '../bot/turn/conversation-engine';
import type { TurnScreening } from '../bot/turn/conversation-risk-screen';
import type { DialogDependencies } from './dialog-dependencies';
import { MAIN_DIALOG, MainDialog, type MainOptions } from './main-dialog';
import { readTriageState, TRIAGE_STATE_PROPERTY, type TriageState } from './triage-state';
import { RiskFollowThrough } from './risk-follow-through';
import { setTurnScreening } from './turn-screening';

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
  private readonly followThrough: RiskFollowThrough;

  constructor(private readonly options: TriageConversationEngineOptions) {
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined || value === null) throw new Error(`TriageConversationEngine: missing dependency ${name}`);
    }
    if (!(options.contactTimes.emergencyMinutes > 0)) throw new RangeError('contactTimes.emergencyMinutes must be a positive number');
    const { conversationState, ...rest } = options;
    this.deps = { ...rest, triageState: conversationState.createProperty<TriageState>(TRIAGE_STATE_PROPERTY) };
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new MainDialog(this.deps));
    this.followThrough = new RiskFollowThrough(this.deps);
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
    const watched = before?.safetyCheckWatched === true || before?.unfinishedSafetyCheck !== undefined || before?.emergencyAlertPending !== undefined;
    await this.followThrough.beforeTurn(context);
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG, {} satisfies MainOptions);
    await this.followThrough.afterTurn(context, watched);
  }

  async saveState(context: TurnContext): Promise<void> {
    await this.options.conversationState.saveChanges(context);
  }
}

