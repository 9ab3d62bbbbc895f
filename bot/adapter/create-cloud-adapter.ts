import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Logger } from 'pino';
import type { Env } from '../../config/env-schema';
import { ClientCachingAuthentication } from './client-caching-authentication';
import { HttpCloudAdapter } from './http-cloud-adapter';

export interface CloudAdapterOptions {
  env: Partial<Pick<Env, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType'>>;
  logger: Logger;
  crisisMessage: () => string;
  /** Extra Bot Framework auth settings, e.g. OpenID metadata URLs for a sovereign cloud or a test. */
  authOverrides?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
}

/**
 * Bot Framework's adapter. With no MicrosoftAppId it runs unauthenticated, as the Emulator expects
 * (the messages route then restricts it to loopback clients); with credentials it validates every token.
 */
export function createCloudAdapter(options: CloudAdapterOptions): HttpCloudAdapter {
  const { env } = options;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: env.MicrosoftAppType ?? '',
    ...options.authOverrides,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new HttpCloudAdapter(new ClientCachingAuthentication(auth), options.logger);
  adapter.onTurnError = async (context, error) => {
    // Never the samples' "fix the bot source code": a person in crisis gets the numbers instead.
    options.logger.error({ err: error, code: 'ADAPTER_TURN_ERROR', conversationId: context.activity.conversation?.id }, 'unhandled turn error');
    try {
      await context.sendActivity(options.crisisMessage());
    } catch (sendError) {
      options.logger.fatal({ err: sendError, code: 'FAIL_SAFE_SEND_FAILED' }, 'could not send crisis numbers');
    }
  };
  return adapter;
}
