import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { renderError } from '../../../../../shared/errors/render.ts';
import { S2SAuthError } from '../../../../../shared/s2s/challenge.ts';
import { CredentialServiceError } from '../../domain/client-access/credential-failure.ts';

/**
 * The error handler of EWS, ActiveSync and Autodiscover. A refused sign-in is answered
 * the same on all three (client-flows §3): its status, `WWW-Authenticate`, the
 * X-MS-Credential-Service-* and X-MS-Diagnostics headers, and a plain-text body naming
 * the code and hop. Any other error is rendered in the protocol's own format by `render`.
 */
export interface RenderedProtocolError {
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
}

export type ProtocolErrorRenderer = (error: LabError, context: { readonly correlationId: string; readonly errorId: string }) => RenderedProtocolError;

function toLabError(error: FastifyError | Error): LabError {
  if (error instanceof LabError) return error;
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new LabError({ code: ((error as FastifyError).code ?? 'BAD_REQUEST').replace(/^FST_ERR_(CTP_)?/, ''), statusCode: status, message: error.message, cause: error });
  return new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
}

export function clientAccessErrorHandler(render: ProtocolErrorRenderer) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const labError = toLabError(error);
    const errorId = randomUUID();
    if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code, hop: labError.hop }, labError.message);
    else request.log.info({ code: labError.code, hop: labError.hop }, labError.message);
    if (labError.challenges.length) reply.header('www-authenticate', labError.challenges.length === 1 ? labError.challenges[0] : [...labError.challenges]);
    const context = { correlationId: request.id, errorId };
    if (labError instanceof CredentialServiceError || labError instanceof S2SAuthError) {
      const text = renderError('text', labError, { ...context, service: 'exchange-online' });
      return reply.headers(labError.responseHeaders).code(labError.statusCode).type(text.contentType).send(text.body);
    }
    const rendered = render(labError, context);
    return reply.code(rendered.statusCode).type(rendered.contentType).send(rendered.body);
  };
}
