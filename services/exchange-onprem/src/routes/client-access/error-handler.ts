import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { renderError } from '../../../../../shared/errors/render.ts';
import { S2SAuthError } from '../../../../../shared/s2s/challenge.ts';

/**
 * The error handler of Exchange on-premises' EWS and Autodiscover. A refused sign-in is
 * 401 with its challenges and a plain-text body naming the code and hop (as IIS answers
 * before the application sees the request); any other error is rendered in the
 * protocol's own format by `render` (EWS or Autodiscover SOAP fault, POX error).
 */
export type ProtocolErrorRenderer = (error: LabError, context: { readonly correlationId: string; readonly errorId: string }) => { statusCode: number; contentType: string; body: string };

function toLabError(error: FastifyError | Error): LabError {
  if (error instanceof LabError) return error;
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new LabError({ code: ((error as FastifyError).code ?? 'BAD_REQUEST').replace(/^FST_ERR_(CTP_)?/, ''), statusCode: status, message: error.message, cause: error });
  return new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
}

export function onpremErrorHandler(render: ProtocolErrorRenderer) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const labError = toLabError(error);
    const errorId = randomUUID();
    if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code, hop: labError.hop }, labError.message);
    else request.log.info({ code: labError.code, hop: labError.hop }, labError.message);
    const context = { correlationId: request.id, errorId };
    if (labError.statusCode === 401) {
      const text = renderError('text', labError, { ...context, service: 'exchange-onprem' });
      const challenges = labError.challenges.length === 1 ? labError.challenges[0]! : [...labError.challenges];
      if (labError instanceof S2SAuthError) reply.headers(labError.responseHeaders);
      return reply.header('www-authenticate', challenges).code(401).type(text.contentType).send(text.body);
    }
    const rendered = render(labError, context);
    return reply.code(rendered.statusCode).type(rendered.contentType).send(rendered.body);
  };
}
