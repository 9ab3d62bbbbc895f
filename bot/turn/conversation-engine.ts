import type { TurnContext } from 'botbuilder';
import type { TurnScreening } from './conversation-risk-screen';

/** Runs the conversation for one turn once the risk screen has spoken (dialogs live behind this). */
export interface ConversationEngine {
  handleTurn(context: TurnContext, screening: TurnScreening | undefined): Promise<void>;
  /** Saves any dialog state changed during the turn. */
  saveState(context: TurnContext): Promise<void>;
}
