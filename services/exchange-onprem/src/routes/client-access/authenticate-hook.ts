import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { readAuthorization } from '../../../../../shared/http/authorization-header.ts';
import { authenticateS2S, isS2SToken, type S2SPartnerUser } from '../../../../../shared/partner-access/s2s-receiver.ts';
import { authenticateOnprem, type OnpremUser } from '../../domain/client-access/authenticate.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller of an Exchange on-premises EWS or Autodiscover route. */
    onpremUser?: OnpremUser;
    /** A partner Exchange acting for one of its users with an S2S OAuth token (server-flows §1.6). */
    partnerUser?: S2SPartnerUser;
  }
}

/**
 * Where `partner` is allowed (EWS, Autodiscover SOAP), `Authorization: Bearer` is S2S OAuth
 * (server-flows §1.1, §1.6): empty asks for the challenge pair naming the trusted issuer,
 * a token goes to the receiver. Everything else is IIS authentication.
 */
export async function authenticateRequest(deps: OnpremDependencies, request: FastifyRequest, partner = false): Promise<void> {
  const credentials = partner ? readAuthorization(request.headers.authorization) : undefined;
  if (credentials?.scheme === 'bearer' && (credentials.token === '' || isS2SToken(credentials.token))) {
    request.partnerUser = await authenticateS2S(credentials.token, deps.partner.s2s);
    return;
  }
  request.onpremUser = await authenticateOnprem(request.headers.authorization, deps.checkPassword, deps.mailboxes);
}

/** Authenticates before the body is parsed: an unauthenticated request costs no XML parsing. */
export function authenticateHook(deps: OnpremDependencies, partner = false): onRequestAsyncHookHandler {
  return (request) => authenticateRequest(deps, request, partner);
}

export function onpremUserOf(request: FastifyRequest): OnpremUser {
  if (!request.onpremUser) throw new Error('the authentication hook did not run for this route');
  return request.onpremUser;
}
