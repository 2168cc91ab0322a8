import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * The one redaction list (style.md §10): tokens, passwords, assertions and keys never
 * reach a log line in full, whatever object they travel in.
 */
export const redactedPaths = [
  'password',
  'newPassword',
  'privateKey',
  'key',
  'token',
  'access_token',
  'refresh_token',
  'assertion',
  'client_assertion',
  'wresult',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["proxy-authorization"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.privateKey',
  '*.token',
  '*.assertion',
];

export interface LoggerOptions {
  readonly service: string;
  readonly level: string;
  /** Where lines go; standard output when omitted. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };
