import type { CloudAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { LocalDirectLineAdapter } from './directline/local-directline-adapter';
import { LOCAL_DIRECTLINE_SERVICE_URL, TERMINAL_SERVICE_URL, TWILIO_DIRECT_SERVICE_URL } from './shared/channel-service-urls';
import type { TerminalAdapter } from './terminal/terminal-adapter';
import type { TwilioSmsAdapter } from './twilio-sms/twilio-sms-adapter';

export type TellResult = { delivered: true } | { delivered: false; reason: string };

export interface ProactiveMessengerDeps {
  /** Bot Framework channels (Azure Bot Service, Emulator); absent when none is configured. */
  cloudAdapter?: CloudAdapter;
  /** MicrosoftAppId ('' when running unauthenticated). */
  appId: string;
  twilioSms?: TwilioSmsAdapter;
  directLine?: LocalDirectLineAdapter;
  logger: Logger;
}

type Route = 'twilio-direct' | 'local-directline' | 'terminal' | 'bot-framework';

function routeOf(reference: Partial<ConversationReference>): Route {
  switch (reference.serviceUrl) {
    case TWILIO_DIRECT_SERVICE_URL:
      return 'twilio-direct';
    case LOCAL_DIRECTLINE_SERVICE_URL:
      return 'local-directline';
    case TERMINAL_SERVICE_URL:
      return 'terminal';
    default:
      return 'bot-framework';
  }
}

/**
 * Sends a message to a person outside their turn (e.g. "a clinician has accepted your alert") on
 * whichever channel their stored conversation reference came from. Routing is by the reference's
 * serviceUrl, since Azure's channels reuse the ids "sms" and "webchat".
 *
 * Resolves { delivered: false } when it can never succeed (opted out, session gone, channel not
 * configured); throws only on failures worth retrying (network, provider errors).
 */
export class ProactiveMessenger {
  private readonly terminals = new Map<string, TerminalAdapter>();

  constructor(private readonly deps: ProactiveMessengerDeps) {}

  /** Terminal sessions live only in this process; register each so it can be reached while open. */
  registerTerminal(adapter: TerminalAdapter): void {
    this.terminals.set(adapter.conversationId, adapter);
  }

  async tell(reference: Partial<ConversationReference>, text: string): Promise<TellResult> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) return { delivered: false, reason: 'the conversation reference has no conversation id' };
    const route = routeOf(reference);
    let response: ResourceResponse | undefined;
    const logic = async (context: TurnContext) => {
      response = await context.sendActivity(text);
    };
    switch (route) {
      case 'twilio-direct':
        if (!this.deps.twilioSms) return this.undeliverable(route, conversationId, 'the direct Twilio channel is not configured');
        await this.deps.twilioSms.continueConversation(reference, logic);
        // An empty id means the adapter suppressed the message: the person texted STOP.
        if (!response?.id) return this.undeliverable(route, conversationId, 'the person has opted out of SMS (STOP)');
        break;
      case 'local-directline':
        if (!this.deps.directLine) return this.undeliverable(route, conversationId, 'the local Direct Line is not configured');
        await this.deps.directLine.continueConversation(reference, logic);
        break;
      case 'terminal': {
        const terminal = this.terminals.get(conversationId);
        if (!terminal) return this.undeliverable(route, conversationId, 'the terminal session has ended');
        await terminal.continueConversation(reference, logic);
        break;
      }
      case 'bot-framework':
        if (!this.deps.cloudAdapter) return this.undeliverable(route, conversationId, 'no Bot Framework adapter is configured');
        // An expectReplies client (a test or load generator) has no connector to call back.
        if (!reference.serviceUrl) return this.undeliverable(route, conversationId, 'the conversation has no serviceUrl (expectReplies client)');
        {
          // continueConversationAsync sends errors to onTurnError (which only logs), so catch here
          // and rethrow: a failed proactive send must reach the worker, which retries it.
          let failure: unknown;
          await this.deps.cloudAdapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
            try {
              await logic(context);
            } catch (error) {
              failure = error;
            }
          });
          if (failure) throw failure;
        }
        break;
    }
    this.deps.logger.info({ conversationId, channel: reference.channelId, route }, 'proactive message sent');
    return { delivered: true };
  }

  private undeliverable(route: Route, conversationId: string, reason: string): TellResult {
    this.deps.logger.warn({ code: 'PROACTIVE_UNDELIVERABLE', conversationId, route, reason }, 'proactive message cannot be delivered');
    return { delivered: false, reason };
  }
}
