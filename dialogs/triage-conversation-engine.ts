import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { Logger } from 'pino';
import type { Clock } from '../config/clock';
import type { ConversationEngine } from '../bot/turn/conversation-engine';
import type { ConversationFlags } from '../bot/turn/conversation-flags';
import type { TurnScreening } from '../bot/turn/conversation-risk-screen';
import type { ContactTimes, DialogDependencies } from './dialog-dependencies';
import { MAIN_DIALOG, type MainOptions } from './main-dialog';
import { MainDialog } from './main-dialog';
import type { EscalationRequester } from './ports/escalation-requester';
import type { InformationSource } from './ports/information-source';
import type { OpeningHoursService } from './ports/opening-hours-service';
import type { PersonalDataEraser } from './ports/personal-data-eraser';
import type { SignpostingService } from './ports/signposting-service';
import type { ServiceInfo } from './service-info';
import { readTriageState, type TriageState } from './triage-state';
import { setTurnScreening } from './turn-screening';

export interface TriageConversationEngineOptions {
  conversationState: ConversationState;
  flags: ConversationFlags;
  information: InformationSource;
  openingHours: OpeningHoursService;
  signposting: SignpostingService;
  escalations: EscalationRequester;
  eraser: PersonalDataEraser;
  clock: Clock;
  service: ServiceInfo;
  logger: Logger;
  contactTimes: ContactTimes;
}

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
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG, {} satisfies MainOptions);
  }

  async saveState(context: TurnContext): Promise<void> {
    await this.options.conversationState.saveChanges(context);
  }
}
