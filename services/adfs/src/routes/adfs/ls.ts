import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { antiForgeryCookie, antiForgeryCookieOptions, antiForgeryField, createAntiForgery, type AntiForgery } from '../../domain/passive/anti-forgery.ts';
import { checkSameOrigin, formField, readFormsCredentials } from '../../domain/passive/form-post.ts';
import { signInWithForms } from '../../domain/passive/sign-in.ts';
import { passiveActions, queryParameter, readAction, readSignInRequest, type PassiveQuery, type SignInRequest } from '../../domain/passive/sign-in-request.ts';
import { signOut } from '../../domain/passive/sign-out.ts';
import { responseFormPage } from '../../domain/passive/views/response-form-page.ts';
import { signInPage } from '../../domain/passive/views/sign-in-page.ts';
import { signOutPage } from '../../domain/passive/views/sign-out-page.ts';
import { isProxied, passwordRequestContext } from '../../domain/request-context.ts';
import type { AdfsRuntime } from '../../domain/runtime.ts';
import { ConnectionChallenges } from '../../../../../shared/ntlm/server/connection-challenges.ts';
import { chooseSignInMethod } from '../../domain/windows/sign-in-method.ts';
import { htmlErrorHandler, sendPage } from '../html-pages.ts';
import { offerWindowsSignIn, signInWithWindows } from './ls-windows.ts';

const lsPath = '/adfs/ls/';
/** The forms POST is a few short fields; 64 KiB leaves room and refuses anything else early. */
const maxFormBytes = 64 * 1024;

type PassiveHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

const queryOf = (request: FastifyRequest): PassiveQuery => request.query as PassiveQuery;

/** `/adfs/ls/` with the request's query byte for byte: the forms POST must carry the request it was rendered for. */
function sameRequestUrl(request: FastifyRequest): string {
  const question = request.url.indexOf('?');
  return question < 0 ? lsPath : `${lsPath}${request.url.slice(question)}`;
}

/** Each render draws a fresh anti-forgery pair: the cookie for this browser, the field for this form. */
function sendSignInForm(reply: FastifyReply, request: FastifyRequest, runtime: AdfsRuntime, antiForgery: AntiForgery, signIn: SignInRequest, userName: string, errorText: string): FastifyReply {
  const pair = antiForgery.issue(signIn, runtime.config.clock());
  reply.setCookie(antiForgeryCookie, pair.cookie, antiForgeryCookieOptions);
  return sendPage(reply, (nonce) =>
    signInPage({ nonce, action: sameRequestUrl(request), relyingParty: signIn.trust.displayName, userName, antiForgeryField, antiForgeryValue: pair.field, errorText }),
  );
}

/**
 * `/adfs/ls/` (client-flows §1.1–1.4, §1.9): passive WS-Federation. GET dispatches on
 * `wa` through a map (sign-in is Windows integrated sign-in on the intranet, F5, or the
 * forms page; sign-out the signed-out page); POST
 * takes the forms page's credentials and answers the auto-posting response form. The
 * scope has its own body and cookie parsers and renders every error as an HTML page.
 */
export function registerLs(app: FastifyInstance, runtime: AdfsRuntime): void {
  const antiForgery = createAntiForgery();

  const windowsChallenges = new ConnectionChallenges();

  // Forms or Windows (domain/windows/sign-in-method.ts): Windows only on the intranet.
  const showSignIn: PassiveHandler = async (request, reply) => {
    const query = queryOf(request);
    const signIn = readSignInRequest(runtime, query);
    const method = chooseSignInMethod({
      proxied: isProxied(request),
      wauth: queryParameter(query, 'wauth'),
      authorization: request.headers.authorization,
      userAgent: request.headers['user-agent'],
      supportedUserAgents: runtime.config.windows.supportedUserAgents,
    });
    if (method === 'windows-offer') return offerWindowsSignIn(reply, request, signIn);
    if (method === 'windows-continue') return signInWithWindows(reply, request, runtime, windowsChallenges, signIn);
    return sendSignInForm(reply, request, runtime, antiForgery, signIn, signIn.loginHint, '');
  };

  const showSignOut: PassiveHandler = async (request, reply) => {
    const page = signOut(runtime, queryOf(request));
    return sendPage(reply, (nonce) => signOutPage({ ...page, nonce }), { imageSources: page.cleanups.map((cleanup) => cleanup.url) });
  };

  // Login CSRF (security.md): the POST must come from this site's own page, carry the query it
  // was rendered for, and present the anti-forgery field with its SameSite=Strict cookie.
  const postCredentials: PassiveHandler = async (request, reply) => {
    const signIn = readSignInRequest(runtime, queryOf(request));
    checkSameOrigin(request.headers, runtime.config.federationServiceName);
    antiForgery.verify(signIn, { cookie: request.cookies[antiForgeryCookie], field: formField(request.body, antiForgeryField) }, runtime.config.clock());
    const credentials = readFormsCredentials(request.body);
    const outcome = await signInWithForms(runtime, signIn, credentials, passwordRequestContext(request));
    if (outcome.kind === 'refused') {
      request.log.info({ code: 'FAILED_AUTHENTICATION', logonFailure: outcome.failure }, 'forms sign-in refused');
      return sendSignInForm(reply, request, runtime, antiForgery, signIn, credentials.username, outcome.errorText);
    }
    reply.clearCookie(antiForgeryCookie, { path: antiForgeryCookieOptions.path });
    return sendPage(reply, (nonce) => responseFormPage({ nonce, replyUrl: signIn.replyUrl, wresult: outcome.wresult, wctx: signIn.wctx }), { formTargets: [signIn.replyUrl] });
  };

  const onGet: Record<string, PassiveHandler> = { [passiveActions.signIn]: showSignIn, [passiveActions.signOut]: showSignOut };
  const onPost: Record<string, PassiveHandler> = { [passiveActions.signIn]: postCredentials };

  app.register(async (scope) => {
    await scope.register(fastifyFormbody);
    await scope.register(fastifyCookie);
    scope.setErrorHandler(htmlErrorHandler('adfs'));
    scope.get(lsPath, async (request, reply) => onGet[readAction(queryOf(request), Object.keys(onGet))]!(request, reply));
    scope.post(lsPath, { bodyLimit: maxFormBytes }, async (request, reply) => onPost[readAction(queryOf(request), Object.keys(onPost))]!(request, reply));
  });
}
