import type { FastifyInstance } from 'fastify';
import { dauthNotConfigured } from '../../../../../shared/autodiscover/register-endpoints.ts';
import { renderAutodiscoverFault } from '../../../../../shared/autodiscover/soap-envelope.ts';
import { clientAccessErrorHandler } from '../client-access/error-handler.ts';

/**
 * `POST /EWS/Exchange.asmx/WSSecurity`: EWS for partners carrying a DAuth delegation
 * token in the SOAP header (server-flows §2.4). Until the federation gateway's tokens
 * can be validated here it answers the fault a real failure reads as (docs/hybrid.md).
 */
const paths = ['/EWS/Exchange.asmx/WSSecurity', '/EWS/Exchange.asmx/wssecurity', '/ews/exchange.asmx/wssecurity'] as const;

export function registerEwsWsSecurity(app: FastifyInstance, service: string): void {
  const errorHandler = clientAccessErrorHandler((error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderAutodiscoverFault(error, { ...context, service }) }));
  for (const url of paths) {
    app.post(url, { errorHandler }, async () => {
      throw dauthNotConfigured(service, url);
    });
  }
}
