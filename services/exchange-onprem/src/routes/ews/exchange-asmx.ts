import type { FastifyInstance } from 'fastify';
import { dauthNotConfigured } from '../../../../../shared/autodiscover/register-endpoints.ts';
import { renderAutodiscoverFault } from '../../../../../shared/autodiscover/soap-envelope.ts';
import { ewsFault, renderEwsFault } from '../../../../../shared/ews/ews-fault.ts';
import { readEwsRequest } from '../../../../../shared/ews/read-envelope.ts';
import { exchangeServer2019Version, responseEnvelope } from '../../../../../shared/ews/response-messages.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';
import { onpremEwsOperation } from '../../domain/ews/operations.ts';
import { authenticateHook, onpremUserOf } from '../client-access/authenticate-hook.ts';
import { onpremErrorHandler } from '../client-access/error-handler.ts';

/**
 * `POST /EWS/Exchange.asmx` on mail.contoso.test: EWS over SOAP 1.1 with Basic (the dc
 * checks the password). A request EWS cannot process is a SOAP fault with HTTP 500.
 * `…/Exchange.asmx/WSSecurity`, the DAuth variant (server-flows §2.4), answers the
 * security-token fault until delegation-token validation lands (docs/hybrid.md).
 */
const ewsPaths = ['/EWS/Exchange.asmx', '/ews/exchange.asmx'] as const;
const wsSecurityPaths = ['/EWS/Exchange.asmx/WSSecurity', '/EWS/Exchange.asmx/wssecurity', '/ews/exchange.asmx/wssecurity'] as const;
const service = 'exchange-onprem';

export function registerEws(app: FastifyInstance, deps: OnpremDependencies): void {
  const errorHandler = onpremErrorHandler((error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderEwsFault(error, { ...context, service }) }));
  for (const url of ewsPaths) {
    app.post(url, { onRequest: authenticateHook(deps), errorHandler }, async (request, reply) => {
      if (typeof request.body !== 'string') throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: EWS takes a text/xml SOAP envelope.');
      const { operation } = readEwsRequest(request.body);
      const body = onpremEwsOperation(operation.localName ?? '')(operation, { user: onpremUserOf(request), mailboxes: deps.mailboxes, organization: deps.settings.organization });
      return reply.type('text/xml; charset=utf-8').send(responseEnvelope(body, exchangeServer2019Version));
    });
  }
  const faultHandler = onpremErrorHandler((error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderAutodiscoverFault(error, { ...context, service }) }));
  for (const url of wsSecurityPaths) {
    app.post(url, { errorHandler: faultHandler }, async () => {
      throw dauthNotConfigured(service, url);
    });
  }
}
