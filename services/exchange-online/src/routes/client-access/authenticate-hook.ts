import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { authenticateClient } from '../../domain/client-access/authenticate.ts';
import type { ClientUser } from '../../domain/client-access/client-user.ts';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller of an EWS, ActiveSync or Autodiscover route. */
    clientUser?: ClientUser;
  }
}

/** X-MS-Client-Application values of the protocols (client-flows §2.4). */
export const clientApplications = {
  ews: 'Microsoft.Exchange.WebServices',
  activeSync: 'Microsoft.Exchange.ActiveSync',
  autodiscover: 'Microsoft.Exchange.Autodiscover',
} as const;

/** Authenticates `request` and records its caller; throws the 401 (or the credential service's failure) when it cannot. */
export async function authenticateRequest(deps: ClientAccessDependencies, application: string, request: FastifyRequest): Promise<void> {
  request.clientUser = await authenticateClient(deps, {
    authorization: request.headers.authorization,
    clientIp: request.ip,
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 256),
    application,
    correlationId: request.id,
  });
}

/** Authenticates before the body is even parsed: an unauthenticated request costs no XML or WBXML parsing. */
export function authenticateHook(deps: ClientAccessDependencies, application: string): onRequestAsyncHookHandler {
  return (request) => authenticateRequest(deps, application, request);
}

/** The caller a route's handler serves; the hook has always set it by then. */
export function clientUserOf(request: FastifyRequest): ClientUser {
  if (!request.clientUser) throw new Error('the client-access hook did not run for this route');
  return request.clientUser;
}
