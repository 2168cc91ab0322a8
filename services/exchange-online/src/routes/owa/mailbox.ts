import type { FastifyInstance, FastifyReply } from 'fastify';
import { mailboxOfUser } from '../../domain/cloud-mailboxes.ts';
import { beginSignIn } from '../../domain/pending-sign-in.ts';
import { findSession } from '../../domain/sessions.ts';
import { mailboxPage } from '../../views/mailbox-page.ts';
import { sendHtml } from '../../views/html.ts';
import { noMailboxPage } from '../../views/simple-pages.ts';
import { sessionCookie, setSignInCookie } from './cookies.ts';
import type { OwaDependencies } from './dependencies.ts';

/**
 * GET /owa/: the mailbox of the signed-in user, or, without a session, a 302 to
 * azure-auth's authorize endpoint with the parameters in identity.md's order.
 */
export function authorizeUrl(deps: OwaDependencies, state: string, nonce: string): string {
  const { settings } = deps;
  const query = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    resource: settings.resource,
    response_mode: 'form_post',
    response_type: 'code id_token',
    scope: 'openid',
    nonce,
    state,
  });
  return `${settings.authorizeEndpoint}?${query}`;
}

function redirectToSignIn(reply: FastifyReply, deps: OwaDependencies, now: Date): FastifyReply {
  const started = beginSignIn(deps.database, now, deps.settings.signInLifetimeSeconds);
  setSignInCookie(reply, started.cookie, deps.settings.signInLifetimeSeconds);
  return reply.header('cache-control', 'no-store').redirect(authorizeUrl(deps, started.state, started.nonce), 302);
}

export function registerMailboxPage(owa: FastifyInstance, deps: OwaDependencies): void {
  owa.get('/owa', async (_request, reply) => reply.redirect('/owa/', 302));

  owa.get('/owa/', async (request, reply) => {
    const now = deps.now();
    const session = findSession(deps.database, request.cookies[sessionCookie], now);
    if (!session) return redirectToSignIn(reply, deps, now);
    const mailbox = mailboxOfUser(deps.mailboxes, session.upn);
    if (!mailbox) return sendHtml(reply, 404, noMailboxPage(session));
    const address = mailbox.primarySmtpAddress;
    return sendHtml(reply, 200, mailboxPage({ mailbox, inbox: deps.mailboxes.inbox(address), today: now, calendar: deps.mailboxes.calendarFor(address, now) }));
  });
}
