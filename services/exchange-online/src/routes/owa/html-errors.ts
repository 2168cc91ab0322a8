import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { errorPage } from '../../views/error-page.ts';
import { sendHtml } from '../../views/html.ts';

/**
 * OWA's error handler: the same LabError model as every service, rendered as an HTML
 * page a person can read, since OWA's caller is a browser rather than an EWS client.
 */
function toLabError(error: FastifyError | Error): LabError {
  if (error instanceof LabError) return error;
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new LabError({ code: ((error as FastifyError).code ?? 'BAD_REQUEST').replace(/^FST_ERR_(CTP_)?/, ''), statusCode: status, message: error.message, cause: error });
  return new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
}

export function renderHtmlError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const labError = toLabError(error);
  const errorId = randomUUID();
  if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code, hop: labError.hop }, labError.message);
  else request.log.info({ code: labError.code, hop: labError.hop }, labError.message);
  return sendHtml(reply, labError.statusCode, errorPage(labError, { correlationId: request.id, errorId }));
}
