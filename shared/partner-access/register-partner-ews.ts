import type { FastifyInstance } from 'fastify';
import { organizationRelationshipAccess } from '../ews/availability/access.ts';
import { ewsFault, renderEwsFault } from '../ews/ews-fault.ts';
import { readEwsRequest } from '../ews/read-envelope.ts';
import { responseEnvelope, type ServerVersion } from '../ews/response-messages.ts';
import type { MailboxStore } from '../mailbox/index.ts';
import { receiveDelegation, type DauthReceiver } from './dauth-receiver.ts';
import { partnerEwsOperation } from './partner-ews.ts';
import { wsSecurityErrorHandler } from './security-fault.ts';

/**
 * `POST /EWS/Exchange.asmx/WSSecurity` (server-flows §2.4, §2.6): anonymous at HTTP; the
 * delegation token in wsse:Security is validated first, then GetUserAvailability answers
 * with the OrganizationRelationship's FreeBusyAccessLevel capped by each calendar's Default
 * permission. Exchange matches the path case-insensitively; the spellings clients use are
 * registered.
 */
export const ewsWsSecurityPaths = ['/EWS/Exchange.asmx/WSSecurity', '/EWS/Exchange.asmx/wssecurity', '/ews/exchange.asmx/wssecurity', '/ews/Exchange.asmx/WSSecurity', '/EWS/exchange.asmx/WSSecurity'] as const;

export interface PartnerEwsEndpoint {
  /** `exchange-onprem` or `exchange-online`. */
  readonly service: string;
  readonly organization: string;
  readonly mailboxes: MailboxStore;
  readonly dauth: DauthReceiver;
  readonly version?: ServerVersion;
}

export function registerEwsWsSecurity(app: FastifyInstance, endpoint: PartnerEwsEndpoint): void {
  const hop = `partner → ${endpoint.service} EWS (DAuth WSSecurity)`;
  const errorHandler = wsSecurityErrorHandler(hop, (error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderEwsFault(error, { ...context, service: endpoint.service }) }));
  for (const url of ewsWsSecurityPaths) {
    app.post(url, { errorHandler }, async (request, reply) => {
      if (typeof request.body !== 'string') throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: EWS takes a text/xml SOAP envelope.');
      const delegation = receiveDelegation(request.body, endpoint.dauth);
      request.log.info({ requester: delegation.domain, level: delegation.freeBusyAccessLevel }, 'DAuth delegation token accepted');
      const { operation } = readEwsRequest(request.body);
      const body = partnerEwsOperation(operation, { mailboxes: endpoint.mailboxes, access: organizationRelationshipAccess(endpoint.mailboxes, delegation.freeBusyAccessLevel), organization: endpoint.organization });
      return reply.type('text/xml; charset=utf-8').send(responseEnvelope(body, endpoint.version));
    });
  }
}
