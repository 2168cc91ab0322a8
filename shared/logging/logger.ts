import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * The one redaction list (style.md §10): tokens, passwords, assertions and keys never
 * reach a log line in full, whatever object they travel in.
 */
const secretKeys = ['password', 'passwd', 'canary', 'newPassword', 'privateKey', 'key', 'token', 'access_token', 'refresh_token', 'id_token', 'assertion', 'client_assertion', 'client_secret', 'wresult', 'SAMLResponse'];
const secretHeaders = ['authorization', 'cookie', '["set-cookie"]', '["proxy-authorization"]'];

/**
 * pino's redaction matches fixed paths with one `*` per segment, so each secret is
 * listed at the top level and one and two levels down (`body.access_token`,
 * `upstream.headers.authorization`). Header names are lower case in Node.
 */
export const redactedPaths = [
  ...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...secretHeaders.flatMap((header) => {
    const path = header.startsWith('[') ? `headers${header}` : `headers.${header}`;
    return [path, `*.${path}`, `*.*.${path}`];
  }),
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
