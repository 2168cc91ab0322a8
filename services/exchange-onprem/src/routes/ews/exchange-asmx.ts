import type { FastifyInstance } from 'fastify';
import { folderPermissionAccess } from '../../../../../shared/ews/availability/access.ts';
import { partnerEwsOperation } from '../../../../../shared/partner-access/partner-ews.ts';
import { registerEwsWsSecurity } from '../../../../../shared/partner-access/register-partner-ews.ts';
import { ewsFault, renderEwsFault } from '../../../../../shared/ews/ews-fault.ts';
import { crossPremisesAvailability } from '../../../../../shared/cross-premises/availability-client.ts';
import { readEwsRequest } from '../../../../../shared/ews/read-envelope.ts';
import { exchangeServer2019Version, responseEnvelope } from '../../../../../shared/ews/response-messages.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';
import { onpremEwsOperation } from '../../domain/ews/operations.ts';
import { authenticateHook, onpremUserOf } from '../client-access/authenticate-hook.ts';
import { onpremErrorHandler } from '../client-access/error-handler.ts';

/**
 * `POST /EWS/Exchange.asmx` on mail.contoso.test: EWS over SOAP 1.1 with NTLM or Basic
 * (the dc checks either) or a partner's S2S OAuth token (server-flows §1.6; the requesting
 * user's own folder permissions decide). A request EWS cannot process is a SOAP fault with
 * HTTP 500. `…/Exchange.asmx/WSSecurity` is the DAuth variant (server-flows §2.4, §2.6).
 */
const ewsPaths = ['/EWS/Exchange.asmx', '/ews/exchange.asmx'] as const;
const service = 'exchange-onprem';

export function registerEws(app: FastifyInstance, deps: OnpremDependencies): void {
  const errorHandler = onpremErrorHandler((error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderEwsFault(error, { ...context, service }) }));
  for (const url of ewsPaths) {
    app.post(url, { onRequest: authenticateHook(deps, true), errorHandler }, async (request, reply) => {
      if (typeof request.body !== 'string') throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: EWS takes a text/xml SOAP envelope.');
      const { operation } = readEwsRequest(request.body);
      const partner = request.partnerUser;
      if (partner) {
        const body = partnerEwsOperation(operation, { mailboxes: deps.mailboxes, access: folderPermissionAccess(deps.mailboxes, partner.smtp), organization: deps.settings.organization });
        return reply.type('text/xml; charset=utf-8').send(responseEnvelope(body, exchangeServer2019Version));
      }
      const user = onpremUserOf(request);
      const remote = crossPremisesAvailability(deps.crossPremises, { requester: user.address, correlationId: request.id });
      const body = await onpremEwsOperation(operation.localName ?? '')(operation, { user, mailboxes: deps.mailboxes, organization: deps.settings.organization, remote });
      return reply.type('text/xml; charset=utf-8').send(responseEnvelope(body, exchangeServer2019Version));
    });
  }
  registerEwsWsSecurity(app, { service, organization: deps.settings.organization, mailboxes: deps.mailboxes, dauth: deps.partner.dauth, version: exchangeServer2019Version });
}
