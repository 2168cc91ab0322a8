import type { FastifyInstance } from 'fastify';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';
import { ewsFault, renderEwsFault } from '../../../../../shared/ews/ews-fault.ts';
import { ewsOperation } from '../../domain/ews/operations.ts';
import { crossPremisesAvailability } from '../../../../../shared/cross-premises/availability-client.ts';
import { readEwsRequest } from '../../../../../shared/ews/read-envelope.ts';
import { responseEnvelope } from '../../../../../shared/ews/response-messages.ts';
import { folderPermissionAccess } from '../../../../../shared/ews/availability/access.ts';
import { partnerEwsOperation } from '../../../../../shared/partner-access/partner-ews.ts';
import { authenticateHook, clientApplications, clientUserOf } from '../client-access/authenticate-hook.ts';
import { clientAccessErrorHandler } from '../client-access/error-handler.ts';

/**
 * `POST /EWS/Exchange.asmx`: Exchange Web Services over SOAP 1.1 (text/xml), Basic or
 * Bearer (a user's own token, or a partner Exchange's S2S OAuth token acting for its user,
 * whose own folder permissions then decide: server-flows §1.6). The operation element picks the handler; its answer is the SOAP envelope with
 * ResponseMessages; a request EWS cannot process is a SOAP fault with HTTP 500, as
 * Exchange answers one.
 */
export const ewsPaths = ['/EWS/Exchange.asmx', '/ews/exchange.asmx'] as const;

const errorHandler = clientAccessErrorHandler((error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderEwsFault(error, context) }));

export function registerEws(app: FastifyInstance, deps: ClientAccessDependencies): void {
  for (const url of ewsPaths) {
    app.post(url, { onRequest: authenticateHook(deps, clientApplications.ews, true), errorHandler }, async (request, reply) => {
      if (typeof request.body !== 'string') throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: EWS takes a text/xml SOAP envelope.');
      const { operation } = readEwsRequest(request.body);
      const partner = request.partnerUser;
      if (partner) {
        const body = partnerEwsOperation(operation, { mailboxes: deps.mailboxes, access: folderPermissionAccess(deps.mailboxes, partner.smtp), organization: 'Exchange Online' });
        return reply.type('text/xml; charset=utf-8').send(responseEnvelope(body));
      }
      const user = clientUserOf(request);
      const remote = crossPremisesAvailability(deps.crossPremises, { requester: user.mailbox.primarySmtpAddress, correlationId: request.id });
      const body = await ewsOperation(operation.localName ?? '')(operation, { user, mailboxes: deps.mailboxes, now: deps.now(), remote });
      return reply.type('text/xml; charset=utf-8').send(responseEnvelope(body));
    });
  }
}
