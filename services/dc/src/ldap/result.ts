import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LdapHandler, LdapResponse } from './ldapjs.ts';

/**
 * The dc's LDAP wire format for a LabError: its `wireCode` is the resultCode and its
 * message the diagnosticMessage, which LDAP tools print as "additional info". A
 * failure of the dc itself is `other` (80) with an error id; the log has the cause.
 */
const other = 80;

export function sendLdapError(response: LdapResponse, error: unknown, logger: Logger): void {
  const labError = error instanceof LabError ? error : new LabError({ code: 'INTERNAL', statusCode: 500, message: String(error), expose: false, cause: error });
  if (labError.expose) {
    logger.info({ code: labError.code }, 'ldap operation refused');
    response.diagnosticMessage = labError.message;
  } else {
    const errorId = randomUUID();
    logger.error({ err: labError.cause ?? labError, errorId }, 'ldap operation failed');
    response.diagnosticMessage = `internal error in dc; see its log for error id ${errorId}`;
  }
  response.end(labError.wireCode ? Number(labError.wireCode) : other);
}

/** An LDAP operation as one async function: it ends the response itself, and any error it throws is rendered. */
export function ldapOperation<Request, Response extends LdapResponse>(logger: Logger, operation: (request: Request, response: Response) => Promise<void>): LdapHandler<Request, Response> {
  return (request, response) => {
    operation(request, response).catch((error: unknown) => sendLdapError(response, error, logger));
  };
}
