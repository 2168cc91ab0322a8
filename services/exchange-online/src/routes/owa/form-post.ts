import type { FastifyInstance } from 'fastify';
import { completeSignIn, type FormPost } from '../../domain/complete-sign-in.ts';
import { takeSignIn } from '../../domain/pending-sign-in.ts';
import { startSession } from '../../domain/sessions.ts';
import { clearCookie, setSessionCookie, signInCookie } from './cookies.ts';
import type { OwaDependencies } from './dependencies.ts';

/**
 * POST /owa/: azure-auth's form_post (response_mode=form_post). The started sign-in
 * is taken (used once, whatever the outcome), the response checked step by step in
 * domain/complete-sign-in.ts, then a session starts and the browser goes to /owa/.
 */
const formFields = ['code', 'id_token', 'state', 'error', 'error_description'] as const;

/** Only single string values count: a repeated field is treated as absent. */
function formOf(body: unknown): FormPost {
  const form: Record<string, string> = {};
  if (body === null || typeof body !== 'object') return form;
  for (const field of formFields) {
    const value: unknown = (body as Record<string, unknown>)[field];
    if (typeof value === 'string') form[field] = value;
  }
  return form;
}

export function registerFormPost(owa: FastifyInstance, deps: OwaDependencies): void {
  owa.post('/owa/', async (request, reply) => {
    const now = deps.now();
    const pending = takeSignIn(deps.database, request.cookies[signInCookie]);
    clearCookie(reply, signInCookie);
    const user = await completeSignIn(formOf(request.body), pending, { settings: deps.settings, tokens: deps.tokens, now, correlationId: request.id });
    const session = startSession(deps.database, user, now, deps.settings.sessionLifetimeSeconds);
    request.log.info({ upn: user.upn }, 'OWA session started');
    setSessionCookie(reply, session.cookie, session.expires);
    return reply.redirect('/owa/', 302);
  });
}
