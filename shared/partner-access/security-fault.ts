import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../errors/lab-error.ts';
import { escapeXml } from '../xml/escape.ts';

/**
 * How a WSSecurity endpoint answers a refused delegation token (server-flows §2.4): a SOAP
 * 1.1 fault, HTTP 500, faultcode the WS-Security 1.1 §12 subcode (`o:FailedCheck`,
 * `o:InvalidSecurityToken`, …) and the faultstring "An error occurred when processing the
 * security tokens in the message: <reason>"; the DAuth code is in the detail and in an
 * `x-ms-diagnostics` header. Errors that are not DAuth's go to the protocol's own renderer.
 */
const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const soap = 'http://schemas.xmlsoap.org/soap/envelope/';

export type FaultRenderer = (error: LabError, context: { readonly correlationId: string; readonly errorId: string }) => { statusCode: number; contentType: string; body: string };

function headerSafe(value: string): string {
  const ascii = value.replaceAll('→', '->').replace(/"/g, "'").replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 600 ? `${ascii.slice(0, 597)}...` : ascii;
}

export function renderSecurityFault(error: LabError, context: { readonly correlationId: string; readonly hop: string }): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${soap}"><s:Body><s:Fault>` +
    `<faultcode xmlns:o="${wsse}">o:${escapeXml(error.wireCode ?? 'InvalidSecurity')}</faultcode>` +
    `<faultstring xml:lang="en-US">${escapeXml(`${error.message} (hop: ${context.hop})`)}</faultstring>` +
    `<detail><LabErrorCode>${escapeXml(error.code)}</LabErrorCode><CorrelationId>${escapeXml(context.correlationId)}</CorrelationId></detail>` +
    '</s:Fault></s:Body></s:Envelope>'
  );
}

export function isDauthError(error: unknown): error is LabError {
  return error instanceof LabError && error.code.startsWith('DAUTH_');
}

/** The error handler of a WSSecurity route: DAuth refusals as the security fault, everything else through `render`. */
export function wsSecurityErrorHandler(hop: string, render: FaultRenderer) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const errorId = randomUUID();
    if (isDauthError(error)) {
      request.log.info({ code: error.code, hop }, error.message);
      return reply
        .code(500)
        .header('x-ms-diagnostics', `${error.code};reason="${headerSafe(error.message)}";hop="${headerSafe(hop)}"`)
        .type('text/xml; charset=utf-8')
        .send(renderSecurityFault(error, { correlationId: request.id, hop }));
    }
    const labError = error instanceof LabError ? error : new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
    if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code }, labError.message);
    const rendered = render(labError, { correlationId: request.id, errorId });
    return reply.code(rendered.statusCode).type(rendered.contentType).send(rendered.body);
  };
}
