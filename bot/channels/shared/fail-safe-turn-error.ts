import type { BotAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

/** Same rule as the Bot Framework adapter: an unhandled turn error still gives the person crisis numbers. */
export function installFailSafeTurnError(adapter: BotAdapter, logger: Logger, crisisMessage: () => string, channel: string): void {
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, code: 'ADAPTER_TURN_ERROR', channel, conversationId: context.activity.conversation?.id }, 'unhandled turn error');
    try {
      await context.sendActivity(crisisMessage());
    } catch (sendError) {
      logger.fatal({ err: sendError, code: 'FAIL_SAFE_SEND_FAILED', channel }, 'could not send crisis numbers');
    }
  };
}
