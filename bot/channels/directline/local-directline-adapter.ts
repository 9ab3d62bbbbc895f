import {
  ShowTypingMiddleware,
  TurnContext,
  type Activity,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../../../config/clock';
import { LOCAL_DIRECTLINE_SERVICE_URL } from '../shared/channel-service-urls';
import { installFailSafeTurnError } from '../shared/fail-safe-turn-error';
import type { DirectLineConversationLog } from './directline-conversation-log';
import { SendOnlyChannelAdapter } from '../shared/send-only-channel-adapter';

/** Web Chat's channel id, so dialogs treat the local page exactly like Azure-hosted Web Chat. */
export const LOCAL_DIRECTLINE_CHANNEL_ID = 'webchat';

export interface LocalDirectLineAdapterOptions {
  log: DirectLineConversationLog;
  bot: { id: string; name: string };
  clock: Clock;
  logger: Logger;
  crisisMessage: () => string;
}

/**
 * Runs the bot for the local Direct Line endpoint: the person's activity and every reply are
 * appended to the conversation's activity log, which Web Chat polls. A typing indicator shows
 * when a turn takes longer than half a second.
 */
export class LocalDirectLineAdapter extends SendOnlyChannelAdapter {
  constructor(private readonly options: LocalDirectLineAdapterOptions) {
    super();
    this.use(new ShowTypingMiddleware(500, 2000));
    installFailSafeTurnError(this, options.logger, options.crisisMessage, LOCAL_DIRECTLINE_CHANNEL_ID);
  }

  /** Records the person's activity (Web Chat expects to see its own message echoed) and runs the turn. */
  async processActivity(
    conversationId: string,
    userId: string,
    incoming: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<string> {
    const activity: Partial<Activity> = {
      ...incoming,
      channelId: LOCAL_DIRECTLINE_CHANNEL_ID,
      serviceUrl: LOCAL_DIRECTLINE_SERVICE_URL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: userId, name: incoming.from?.name ?? '', role: 'user' },
      recipient: { id: this.options.bot.id, name: this.options.bot.name, role: 'bot' },
      timestamp: this.options.clock.now(),
    };
    const [id] = await this.options.log.append(conversationId, [activity]);
    activity.id = id;
    await this.runMiddleware(new TurnContext(this, activity), logic);
    return id;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('LocalDirectLineAdapter: the turn has no conversation id');
    const outgoing: Partial<Activity>[] = [];
    /** For each input activity, its position in `outgoing` (or -1 when nothing is shown). */
    const positions: number[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? Math.min(activity.value, 5000) : 1000));
        positions.push(-1);
        continue;
      }
      if (activity.type === 'trace') {
        positions.push(-1);
        continue;
      }
      positions.push(outgoing.length);
      outgoing.push({
        ...activity,
        channelId: LOCAL_DIRECTLINE_CHANNEL_ID,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        from: { id: this.options.bot.id, name: this.options.bot.name, role: 'bot' },
        recipient: context.activity.from,
        timestamp: this.options.clock.now(),
        replyToId: activity.replyToId ?? context.activity.id,
      });
    }
    const ids = outgoing.length > 0 ? await this.options.log.append(conversationId, outgoing) : [];
    return positions.map((position) => ({ id: position >= 0 ? (ids[position] ?? '') : '' }));
  }

  protected readonly sentMessagesName = 'messages on the local Direct Line';
}
