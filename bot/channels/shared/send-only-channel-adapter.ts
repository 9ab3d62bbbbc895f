import { ActivityTypes, BotAdapter, TurnContext, type ConversationReference } from 'botbuilder';

/**
 * Base for this bot's own channels (direct Twilio, local Direct Line, terminal): messages can be
 * sent but not edited or deleted, and proactive turns run the logic directly.
 */
export abstract class SendOnlyChannelAdapter extends BotAdapter {
  /** Used in error messages, e.g. "SMS and WhatsApp messages". */
  protected abstract readonly sentMessagesName: string;

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.sentMessagesName} cannot be edited once sent`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.sentMessagesName} cannot be deleted once sent`);
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    // No middleware and no onTurnError: a failed proactive send must reach the caller (the
    // escalation worker retries it), not be turned into a crisis-numbers message.
    await logic(new TurnContext(this, activity));
  }
}
