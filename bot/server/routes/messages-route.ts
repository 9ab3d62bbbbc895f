import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { HttpCloudAdapter } from '../../adapter/http-cloud-adapter';
import { validateInboundActivity } from '../activity-validation';
import { sendError } from '../http-error';
import { isLoopbackAddress } from '../loopback';

export interface MessagesRouteOptions {
  adapter: HttpCloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  /** With no Microsoft app id, only loopback clients (the Emulator, curl on the box) are served. */
  unauthenticatedLoopbackOnly: boolean;
  logger: Logger;
}

export function registerMessagesRoute(server: Server, options: MessagesRouteOptions): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    if (options.unauthenticatedLoopbackOnly && !isLoopbackAddress(req.socket.remoteAddress)) {
      return sendError(
        res,
        403,
        'REMOTE_UNAUTHENTICATED_REFUSED',
        'this bot has no MicrosoftAppId, so it only accepts unauthenticated traffic from this machine; set MicrosoftAppId or ALLOW_UNAUTHENTICATED_REMOTE=true',
      );
    }
    const validation = validateInboundActivity(req.body);
    if (!validation.ok) return sendError(res, 400, 'ACTIVITY_INVALID', validation.reason);
    try {
      await options.adapter.processValidatedActivity(req, res, validation.activity, options.logic);
    } catch (error) {
      options.logger.error({ err: error, code: 'ADAPTER_PROCESS_FAILED' }, 'adapter failed to process activity');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'the bot could not process this activity');
    }
  });
}
