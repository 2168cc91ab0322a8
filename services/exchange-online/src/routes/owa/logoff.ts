import type { FastifyInstance } from 'fastify';
import { endSession } from '../../domain/sessions.ts';
import { sendHtml } from '../../views/html.ts';
import { signedOutPage } from '../../views/simple-pages.ts';
import { clearCookie, sessionCookie } from './cookies.ts';
import type { OwaDependencies } from './dependencies.ts';

/** GET /owa/logoff: ends the OWA session (server-side row and cookie). */
export function registerLogoff(owa: FastifyInstance, deps: OwaDependencies): void {
  owa.get('/owa/logoff', async (request, reply) => {
    endSession(deps.database, request.cookies[sessionCookie]);
    clearCookie(reply, sessionCookie);
    return sendHtml(reply, 200, signedOutPage());
  });
}
