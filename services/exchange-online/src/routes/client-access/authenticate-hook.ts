import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { readAuthorization } from '../../../../../shared/http/authorization-header.ts';
import { authenticateS2S, isS2SToken, type S2SPartnerUser } from '../../../../../shared/partner-access/s2s-receiver.ts';
import { authenticateClient } from '../../domain/client-access/authenticate.ts';
import type { ClientUser } from '../../domain/client-access/client-user.ts';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller of an EWS, ActiveSync or Autodiscover route. */
    clientUser?: ClientUser;
    /** A partner Exchange acting for one of its users with an S2S OAuth token (server-flows §1.6). */
    partnerUser?: S2SPartnerUser;
  }
}

/** X-MS-Client-Application values of the protocols (client-flows §2.4). */
export const clientApplications = {
  ews: 'Microsoft.Exchange.WebServices',
  activeSync: 'Microsoft.Exchange.ActiveSync',
  autodiscover: 'Microsoft.Exchange.Autodiscover',
} as const;

/** The S2S token of `Authorization: Bearer <token>` when it is one (not a user's own access token). */
function s2sTokenOf(authorization: string | undefined): string | undefined {
  const credentials = readAuthorization(authorization);
  return credentials.scheme === 'bearer' && credentials.token !== '' && isS2SToken(credentials.token) ? credentials.token : undefined;
}

/**
 * Authenticates `request` and records its caller; throws the 401 (or the credential service's failure) when it cannot.
 * Where `partner` is allowed (EWS, Autodiscover SOAP), an S2S OAuth token goes to the receiver of server-flows §1.6;
 * a user's own Bearer token, Basic and everything else to the client path.
 */
export async function authenticateRequest(deps: ClientAccessDependencies, application: string, request: FastifyRequest, partner = false): Promise<void> {
  const s2sToken = partner ? s2sTokenOf(request.headers.authorization) : undefined;
  if (s2sToken !== undefined) {
    request.partnerUser = await authenticateS2S(s2sToken, deps.partner.s2s);
    return;
  }
  request.clientUser = await authenticateClient(deps, {
    authorization: request.headers.authorization,
    clientIp: request.ip,
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 256),
    application,
    correlationId: request.id,
  });
}

/** Authenticates before the body is even parsed: an unauthenticated request costs no XML or WBXML parsing. */
export function authenticateHook(deps: ClientAccessDependencies, application: string, partner = false): onRequestAsyncHookHandler {
  return (request) => authenticateRequest(deps, application, request, partner);
}

/** The caller a route's handler serves; the hook has always set it by then. */
export function clientUserOf(request: FastifyRequest): ClientUser {
  if (!request.clientUser) throw new Error('the client-access hook did not run for this route');
  return request.clientUser;
}
