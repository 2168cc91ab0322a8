import type { FastifyInstance, FastifyReply } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { extractAssertionFromRstr } from '../../../../shared/saml/verify.ts';
import { verifyFederatedAssertion } from '../domain/federation/verify-assertion.ts';
import type { SignInFlow } from '../domain/oauth/sign-in-flows.ts';
import type { AzureAuthRuntime } from '../domain/runtime.ts';
import { sameSecret } from '../domain/secrets.ts';
import { federationCookie, federationCookieOptions, flowCookie, flowCookieOptions, sessionCookie, sessionCookieOptions } from './cookies.ts';
import { single, type FormValues } from './form.ts';
import { hostConstraints } from './hosts.ts';
import { pageErrorHandler } from './pages.ts';
import { respondWithCode } from './tenant/oauth2/form-post-response.ts';

/**
 * `/login.srf`, where a federated domain's identity provider posts its answer
 * (client-flows §1.4, §2.2; flows F4/F5): `wa=wsignin1.0`, `wresult` (the RSTR) and
 * `wctx`. The wctx must be this browser's (the `estsfed` cookie) and still pending; the
 * assertion is verified as every federated assertion is; then the sign-in finishes like
 * a password one, with a session and the form_post back to the application.
 * `wa=wsignoutcleanup1.0` ends this browser's session ([MS-MWBF] §2.2.6).
 */
const hop = 'AD FS → azure-auth (/login.srf)';

function refused(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, message, hop });
}

function pendingFlow(runtime: AzureAuthRuntime, wctx: string | undefined, cookie: string | undefined): SignInFlow {
  if (!wctx || !cookie || !sameSecret(wctx, cookie)) throw refused('FEDERATION_CONTEXT_MISMATCH', 'this sign-in response does not belong to this browser (wctx and the estsfed cookie differ)');
  const now = runtime.config.clock();
  const flowIdHash = runtime.federatedSignIns.take(wctx, now);
  const flow = flowIdHash ? runtime.flows.byIdHash(flowIdHash, now) : undefined;
  if (!flow) throw refused('SIGN_IN_EXPIRED', 'the sign-in this response answers is unknown, used or expired; start again');
  return flow;
}

/** The one assertion of the RSTR; a malformed or wrapped answer is this hop's 400, like every refusal here. */
function assertionIn(wresult: string): string {
  try {
    return extractAssertionFromRstr(wresult);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw new LabError({ code: error.code, statusCode: 400, message: error.message, hop, cause: error });
  }
}

export function registerLoginSrf(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  const options = { constraints: { host: hostConstraints.login }, errorHandler: pageErrorHandler };
  app.post('/login.srf', options, async (request, reply): Promise<FastifyReply> => {
    const form = (request.body ?? {}) as FormValues;
    if (single(form, 'wa') !== 'wsignin1.0') throw refused('UNSUPPORTED_WA', `wa is "${single(form, 'wa') ?? ''}"; /login.srf takes wsignin1.0 responses`);
    const flow = pendingFlow(runtime, single(form, 'wctx'), request.cookies[federationCookie]);
    const wresult = single(form, 'wresult');
    if (!wresult) throw refused('WRESULT_MISSING', 'the response carries no wresult');
    const signIn = verifyFederatedAssertion(runtime, assertionIn(wresult), hop);
    if (flow.username && flow.username.toLowerCase() !== signIn.user.userPrincipalName.toLowerCase()) {
      request.log.info({ asked: flow.username, signedIn: signIn.user.userPrincipalName }, 'the identity provider signed in another user than the one typed');
    }
    const session = runtime.sessions.create(signIn.user.objectId, runtime.config.clock(), runtime.config.sessionLifetimeSeconds);
    runtime.flows.finish(flow);
    reply.setCookie(sessionCookie, session, sessionCookieOptions).clearCookie(flowCookie, flowCookieOptions).clearCookie(federationCookie, federationCookieOptions);
    return respondWithCode(runtime, reply, flow.request, signIn.user, signIn.authenticationMethods);
  });
  app.get<{ Querystring: { wa?: string } }>('/login.srf', options, async (request, reply) => {
    if (request.query.wa !== 'wsignoutcleanup1.0') throw refused('UNSUPPORTED_WA', `wa is "${request.query.wa ?? ''}"; GET /login.srf takes wsignoutcleanup1.0`);
    return reply.clearCookie(sessionCookie, sessionCookieOptions).type('text/plain; charset=utf-8').send('signed out of login.microsoftonline.test\n');
  });
}
