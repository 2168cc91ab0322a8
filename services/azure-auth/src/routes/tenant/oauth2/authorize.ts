import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorizeRequest } from '../../../domain/oauth/authorize-request.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { canSignInSilently } from '../../../domain/sign-in/password-sign-in.ts';
import { flowCookie, flowCookieOptions, sessionCookie } from '../../cookies.ts';
import { single, type FormValues } from '../../form.ts';
import { hostConstraints } from '../../hosts.ts';
import { pageErrorHandler } from '../../pages.ts';
import { showUsernamePage } from '../login/flow-pages.ts';
import { checkClient, checkNonce, checkRedirect, checkResponseMode, checkResponseType } from './authorize-checks.ts';
import { respondWithCode } from './form-post-response.ts';

/** The checked request, step by step (authorize-checks.ts). */
function authorizeRequest(runtime: AzureAuthRuntime, tenant: string, query: FormValues): AuthorizeRequest {
  runtime.directory.resolve(tenant);
  const client = checkClient(query);
  const redirectUri = checkRedirect(client, query);
  const responseType = checkResponseType(query);
  checkResponseMode(query);
  const nonce = checkNonce(responseType, query);
  return {
    tenant,
    clientId: client.clientId,
    redirectUri,
    responseType,
    resource: single(query, 'resource') ?? null,
    scope: single(query, 'scope') ?? 'openid',
    nonce,
    state: single(query, 'state') ?? null,
    loginHint: single(query, 'login_hint') ?? null,
  };
}

/** The user of a live ESTSAUTH session who may still sign in, unless the client asks for `prompt=login`. */
function silentUser(runtime: AzureAuthRuntime, request: FastifyRequest, query: FormValues) {
  if (single(query, 'prompt') === 'login') return undefined;
  const now = runtime.config.clock();
  const objectId = runtime.sessions.userOf(request.cookies[sessionCookie], now);
  const user = objectId ? runtime.users.byObjectId(objectId) : undefined;
  return canSignInSilently(user, now) ? user : undefined;
}

/** `GET /<tenant>/oauth2/authorize`: a live session answers at once; otherwise the username page. */
export function registerAuthorize(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenant: string } }>(
    '/:tenant/oauth2/authorize',
    { constraints: { host: hostConstraints.login }, errorHandler: pageErrorHandler },
    async (request, reply): Promise<FastifyReply> => {
      const query = request.query as FormValues;
      const authorize = authorizeRequest(runtime, request.params.tenant, query);
      const user = silentUser(runtime, request, query);
      if (user) return respondWithCode(runtime, reply, authorize, user);
      const { cookie, flow } = runtime.flows.start(authorize, runtime.config.clock(), runtime.config.signInFlowLifetimeSeconds);
      reply.setCookie(flowCookie, cookie, flowCookieOptions);
      return showUsernamePage(runtime, reply, flow, { login: authorize.loginHint ?? undefined });
    },
  );
}
