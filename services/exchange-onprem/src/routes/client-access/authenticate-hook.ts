import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { authenticateOnprem, type OnpremUser } from '../../domain/client-access/authenticate.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller of an Exchange on-premises EWS or Autodiscover route. */
    onpremUser?: OnpremUser;
  }
}

export async function authenticateRequest(deps: OnpremDependencies, request: FastifyRequest): Promise<void> {
  request.onpremUser = await authenticateOnprem(request.headers.authorization, deps.checkPassword, deps.mailboxes);
}

/** Authenticates before the body is parsed: an unauthenticated request costs no XML parsing. */
export function authenticateHook(deps: OnpremDependencies): onRequestAsyncHookHandler {
  return (request) => authenticateRequest(deps, request);
}

export function onpremUserOf(request: FastifyRequest): OnpremUser {
  if (!request.onpremUser) throw new Error('the authentication hook did not run for this route');
  return request.onpremUser;
}
