import type { Storage } from 'botbuilder';
import { TRIAGE_STATE_PROPERTY, type TriageState } from '../../dialogs/triage-state';

/** Where botbuilder's ConversationState (default namespace) keeps a conversation's state. */
export function conversationStateKey(channelId: string, conversationId: string): string {
  return `${channelId}/conversations/${conversationId}/`;
}

/**
 * Reads a conversation's saved state outside a turn. The saved state is the truth about whether a safety check is
 * still unfinished: two turns of one conversation can race (state is last-writer-wins), which can leave a watch
 * behind for a check that has ended, or after "delete my data" cleared the state.
 */
export class StoredSafetyCheckState {
  constructor(private readonly storage: Storage) {}

  /** A safety check is still unfinished, or an emergency alert still pending: what a watch files is still owed. */
  async stillNeeded(contact: { channel: string; conversationId: string }): Promise<boolean> {
    const key = conversationStateKey(contact.channel, contact.conversationId);
    const item = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
    const triage = item?.[TRIAGE_STATE_PROPERTY] as Partial<TriageState> | undefined;
    return triage?.unfinishedSafetyCheck !== undefined || triage?.emergencyAlertPending !== undefined;
  }
}
