import type { ConversationState, StatePropertyAccessor } from 'botbuilder';

/** What the person has agreed to; absent means "only what safety requires". */
export interface PrivacyChoices {
  transcriptConsent: boolean;
  decidedAt?: string;
}

/** Conversation-state properties shared by the turn handler and the dialogs. */
export class ConversationFlags {
  readonly riskMemory: StatePropertyAccessor<unknown>;
  readonly privacy: StatePropertyAccessor<PrivacyChoices>;

  constructor(conversationState: ConversationState) {
    this.riskMemory = conversationState.createProperty<unknown>('riskMemory');
    this.privacy = conversationState.createProperty<PrivacyChoices>('privacy');
  }
}
