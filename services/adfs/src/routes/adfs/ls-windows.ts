import type { FastifyReply, FastifyRequest } from 'fastify';
import { channelBindingsOfSocket } from '../../../../../shared/ntlm/channel-bindings.ts';
import type { ConnectionChallenges } from '../../../../../shared/ntlm/server/connection-challenges.ts';
import type { SignInRequest } from '../../domain/passive/sign-in-request.ts';
import { responseFormPage } from '../../domain/passive/views/response-form-page.ts';
import { windowsSignInPage } from '../../domain/passive/views/windows-sign-in-page.ts';
import type { AdfsRuntime } from '../../domain/runtime.ts';
import { formsWauth } from '../../domain/windows/sign-in-method.ts';
import { continueWindowsSignIn, offerAll, type WindowsStep } from '../../domain/windows/windows-sign-in.ts';
import { sendPage } from '../html-pages.ts';

/**
 * The HTTP side of Windows sign-in on `/adfs/ls/` (domain/windows/windows-sign-in.ts):
 * 401s with `WWW-Authenticate`, kept on the connection (no `Connection: close`), and the
 * auto-posting response form once the dc has said who the user is.
 */

/** The same sign-in request with `wauth` asking for the forms page. */
function formsUrl(request: FastifyRequest): string {
  const question = request.url.indexOf('?');
  const query = new URLSearchParams(question < 0 ? '' : request.url.slice(question + 1));
  query.set('wauth', formsWauth);
  return `/adfs/ls/?${query.toString()}`;
}

function sendStep(reply: FastifyReply, request: FastifyRequest, signIn: SignInRequest, step: WindowsStep): FastifyReply {
  if (step.kind === 'issued') {
    request.log.info({ upn: step.user.userPrincipalName, method: 'windows' }, 'Windows sign-in succeeded');
    if (step.wwwAuthenticate) reply.header('www-authenticate', step.wwwAuthenticate);
    return sendPage(reply, (nonce) => responseFormPage({ nonce, replyUrl: signIn.replyUrl, wresult: step.wresult, wctx: signIn.wctx }), { formTargets: [signIn.replyUrl] });
  }
  if (step.kind === 'continue') {
    reply.header('www-authenticate', step.wwwAuthenticate);
    return sendPage(reply, (nonce) => windowsSignInPage({ nonce, relyingParty: signIn.trust.displayName, formsUrl: formsUrl(request), errorText: '' }), { status: 401 });
  }
  if (step.code) request.log.info({ code: step.code }, 'Windows sign-in refused; challenging again');
  reply.header('www-authenticate', [...step.schemes]);
  return sendPage(reply, (nonce) => windowsSignInPage({ nonce, relyingParty: signIn.trust.displayName, formsUrl: formsUrl(request), errorText: step.errorText }), { status: 401 });
}

/** The first 401: `WWW-Authenticate: Negotiate` and `WWW-Authenticate: NTLM`. */
export function offerWindowsSignIn(reply: FastifyReply, request: FastifyRequest, signIn: SignInRequest): FastifyReply {
  return sendStep(reply, request, signIn, offerAll());
}

export async function signInWithWindows(reply: FastifyReply, request: FastifyRequest, runtime: AdfsRuntime, challenges: ConnectionChallenges, signIn: SignInRequest): Promise<FastifyReply> {
  const step = await continueWindowsSignIn(runtime, challenges, {
    authorization: request.headers.authorization ?? '',
    connection: request.raw.socket,
    signIn,
    channelBindingsHash: channelBindingsOfSocket(request.raw.socket),
  });
  return sendStep(reply, request, signIn, step);
}
