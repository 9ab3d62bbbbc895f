import { CloudAdapter, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';

/** What the Bot Framework wire format sends as strings and Activity declares as Dates (botbuilder's validateAndFixActivity). */
function withDates(body: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      body[raw] = value;
      body[field] = new Date(value);
    }
  }
  return body as unknown as Activity;
}

/**
 * CloudAdapter for a restify route that has already parsed and validated the activity.
 * `process()` re-checks the request with zod schemas it builds afresh on every call (about 19 KB
 * of garbage per turn); this entry point goes straight to `processActivity`, which still
 * authenticates the request, and writes the response the same way `process()` does.
 */
export class HttpCloudAdapter extends CloudAdapter {
  constructor(
    auth: ConstructorParameters<typeof CloudAdapter>[0],
    private readonly logger: Logger,
  ) {
    super(auth);
  }

  /** `body` must be a validated activity object (bot/server/activity-validation.ts). */
  async processValidatedActivity(
    req: Request,
    res: Response,
    body: Record<string, unknown>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const header = req.headers.authorization;
    const authHeader = typeof header === 'string' ? header : '';
    let status: number;
    let responseBody: unknown;
    try {
      const invokeResponse = await this.processActivity(authHeader, withDates(body), logic);
      status = invokeResponse?.status ?? StatusCodes.OK;
      responseBody = invokeResponse?.body;
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.logger.warn({ code: 'ACTIVITY_UNAUTHENTICATED', reason: error.message }, 'refused an activity that failed authentication');
      status = StatusCodes.UNAUTHORIZED;
      responseBody = error.message;
    }
    res.status(status);
    if (responseBody) res.send(responseBody);
    res.end();
  }
}
