import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../../../config/clock';
import { TERMINAL_SERVICE_URL } from '../shared/channel-service-urls';
import { installFailSafeTurnError } from '../shared/fail-safe-turn-error';
import { numberedChoiceValues, renderAsPlainText } from '../shared/plain-text-rendering';
import { SendOnlyChannelAdapter } from '../shared/send-only-channel-adapter';

export const TERMINAL_CHANNEL_ID = 'terminal';

export interface TerminalAdapterOptions {
  output: Writable;
  clock: Clock;
  logger: Logger;
  crisisMessage: () => string;
  conversationId?: string;
  userId?: string;
}

/**
 * A text channel on a terminal, for staff training and drills: each line typed is a message
 * activity through the same pipeline as every other channel; replies are printed as text, with
 * buttons as a numbered list ("2" then answers with the second choice).
 */
export class TerminalAdapter extends SendOnlyChannelAdapter {
  readonly conversationId: string;
  private readonly userId: string;
  private lastChoices: string[] = [];

  constructor(private readonly options: TerminalAdapterOptions) {
    super();
    this.conversationId = options.conversationId ?? `terminal:${randomUUID()}`;
    this.userId = options.userId ?? 'terminal-user';
    installFailSafeTurnError(this, options.logger, options.crisisMessage, TERMINAL_CHANNEL_ID);
  }

  /** A reference for proactive messages to this terminal session (e.g. an escalation accepted). */
  get reference(): Partial<ConversationReference> {
    return TurnContext.getConversationReference(this.activity({ type: ActivityTypes.Message }));
  }

  async start(logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const added = [{ id: this.userId, name: 'You' }, { id: 'crisis-bot', name: 'Bot' }];
    await this.runMiddleware(new TurnContext(this, this.activity({ type: ActivityTypes.ConversationUpdate, membersAdded: added })), logic);
  }

  async processLine(line: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const trimmed = line.trim();
    const choice = /^\d{1,2}$/.test(trimmed) ? this.lastChoices[Number(trimmed) - 1] : undefined;
    this.lastChoices = [];
    const activity = this.activity({ type: ActivityTypes.Message, id: randomUUID(), text: choice ?? line });
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message) {
        const text = renderAsPlainText(activity);
        const choices = numberedChoiceValues(activity);
        if (choices.length > 0) this.lastChoices = choices;
        if (text) this.options.output.write(`${text.split('\n').map((l) => `bot> ${l}`).join('\n')}\n`);
      }
      responses.push({ id: randomUUID() });
    }
    return responses;
  }

  protected readonly sentMessagesName = 'messages printed to the terminal';

  private activity(fields: Partial<Activity>): Partial<Activity> {
    return {
      channelId: TERMINAL_CHANNEL_ID,
      serviceUrl: TERMINAL_SERVICE_URL,
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: this.userId, name: 'You', role: 'user' },
      recipient: { id: 'crisis-bot', name: 'Bot', role: 'bot' },
      timestamp: this.options.clock.now(),
      locale: 'en-GB',
      ...fields,
    };
  }
}
