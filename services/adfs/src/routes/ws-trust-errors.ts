import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { renderWsTrustFault } from '../domain/ws-trust/fault-envelope.ts';
import { soapContentType } from '../domain/ws-trust/namespaces.ts';

/** fastify's own errors (unsupported media type, body too large) are the caller's: Sender faults. */
function toLabError(error: FastifyError | Error): LabError {
  if (error instanceof LabError) return error;
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new LabError({ code: ((error as FastifyError).code ?? 'BAD_REQUEST').replace(/^FST_ERR_(CTP_)?/, ''), statusCode: status, message: error.message, cause: error });
  return new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
}

/**
 * The usernamemixed routes' error handler: every error becomes a WS-Trust fault with
 * HTTP 500, as AD FS answers (client-flows §1.6). The log keeps the cause (which
 * logon failure the dc reported, say), never the credentials.
 */
export function wsTrustErrorHandler(service: string) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const labError = toLabError(error);
    const errorId = randomUUID();
    if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code, hop: labError.hop }, labError.message);
    else request.log.info({ code: labError.code, subcode: labError.wireCode, cause: labError.cause instanceof Error ? labError.cause.message : labError.cause }, labError.message);
    return reply.code(500).type(soapContentType).send(renderWsTrustFault(labError, { correlationId: request.id, errorId, service }));
  };
}
