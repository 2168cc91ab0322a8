import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { readAuthorization } from '../../../../../shared/http/authorization-header.ts';
import { channelBindingsOfSocket } from '../../../../../shared/ntlm/channel-bindings.ts';
import { namesNtlmScheme } from '../../../../../shared/ntlm/http-authorization.ts';
import { authenticateS2S, isS2SToken, type S2SPartnerUser } from '../../../../../shared/partner-access/s2s-receiver.ts';
import { authenticateOnprem, type OnpremUser } from '../../domain/client-access/authenticate.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';
import { authenticateWindows } from '../../domain/client-access/windows-authentication.ts';
import { relayedByEdge } from '../../domain/edge-relay.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller of an Exchange on-premises EWS or Autodiscover route. */
    onpremUser?: OnpremUser;
    /** A partner Exchange acting for one of its users with an S2S OAuth token (server-flows §1.6). */
    partnerUser?: S2SPartnerUser;
  }
}

/**
 * `Authorization: NTLM|Negotiate …` is Windows authentication
 * (domain/client-access/windows-authentication.ts), one round of the handshake per
 * request, on the request's own TCP connection. It runs before the body is read, as IIS
 * runs it before the application: the handshake's first leg often has no body at all.
 */
async function authenticateWithWindows(deps: OnpremDependencies, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!namesNtlmScheme(request.headers.authorization)) return;
  const socket = request.raw.socket;
  const authenticated = await authenticateWindows(
    deps.windows,
    { authorization: request.headers.authorization ?? '', connection: socket, channelBindingsHash: channelBindingsOfSocket(socket), relayed: relayedByEdge(request, deps.edgeAddress) },
    deps.mailboxes,
  );
  request.onpremUser = authenticated.user;
  if (authenticated.wwwAuthenticate) reply.header('www-authenticate', authenticated.wwwAuthenticate);
}

/** Windows authentication alone, for Autodiscover SOAP, whose other schemes wait for the operation (GetFederationInformation is anonymous). */
export function windowsAuthenticationHook(deps: OnpremDependencies): onRequestAsyncHookHandler {
  return (request, reply) => authenticateWithWindows(deps, request, reply);
}

/**
 * After Windows authentication: a caller it already named is done. Where `partner` is
 * allowed (EWS, Autodiscover SOAP), `Authorization: Bearer` is S2S OAuth (server-flows
 * §1.1, §1.6): empty asks for the challenge pair naming the trusted issuer, a token goes
 * to the receiver. Everything else is Basic, or IIS's 401.
 */
export async function authenticateRequest(deps: OnpremDependencies, request: FastifyRequest, partner = false): Promise<void> {
  if (request.onpremUser) return;
  const credentials = partner ? readAuthorization(request.headers.authorization) : undefined;
  if (credentials?.scheme === 'bearer' && (credentials.token === '' || isS2SToken(credentials.token))) {
    request.partnerUser = await authenticateS2S(credentials.token, deps.partner.s2s);
    return;
  }
  request.onpremUser = await authenticateOnprem(request.headers.authorization, deps.checkPassword, deps.mailboxes);
}

/** Authenticates before the body is parsed: an unauthenticated request costs no XML parsing. */
export function authenticateHook(deps: OnpremDependencies, partner = false): onRequestAsyncHookHandler {
  return async (request, reply) => {
    await authenticateWithWindows(deps, request, reply);
    await authenticateRequest(deps, request, partner);
  };
}

export function onpremUserOf(request: FastifyRequest): OnpremUser {
  if (!request.onpremUser) throw new Error('the authentication hook did not run for this route');
  return request.onpremUser;
}
