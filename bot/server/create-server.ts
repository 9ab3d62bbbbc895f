import restify, { type Server } from 'restify';
import type { Logger } from 'pino';

export const MAX_BODY_BYTES = 256 * 1024;

/** A restify server whose body parsing refuses bad input with a 4xx and a reason, never a 500. */
export function createServer(logger: Logger): Server {
  const server = restify.createServer({ name: 'crisis-triage-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: MAX_BODY_BYTES,
      mapParams: false,
      mapFiles: false,
      rejectUnknown: false,
    }),
  );

  server.on('restifyError', (req, res, err, callback) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    const code =
      status === 413 ? 'BODY_TOO_LARGE' : status === 400 ? 'BODY_INVALID' : status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : 'HTTP_ERROR';
    const reason =
      status === 413
        ? `the request body is larger than ${MAX_BODY_BYTES / 1024} KB`
        : status === 400
          ? `the request body could not be parsed: ${err.message}`
          : err.message;
    if (status >= 500) logger.error({ err, path: req.path() }, 'request failed');
    err.toJSON = () => ({ error: { code, reason } });
    return callback();
  });
  return server;
}
