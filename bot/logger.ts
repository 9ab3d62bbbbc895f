import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Message text is health data: code logs it only at debug level,
 * and these paths are redacted everywhere as a second line of defence.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'crisis-triage-bot' },
      redact: {
        paths: ['text', '*.text', 'activity.text', 'body.Body', 'req.headers.authorization', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
