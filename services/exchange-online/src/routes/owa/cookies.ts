import type { FastifyReply } from 'fastify';

/**
 * OWA's two cookies, both HttpOnly and Secure, scoped to /owa/, holding only random
 * ids of server-side rows. The sign-in cookie must come back on azure-auth's
 * cross-site form_post, so it is SameSite=None (hence Secure) and short-lived. The
 * session cookie only needs top-level navigations, so Lax is enough.
 */
export const signInCookie = 'owa-signin';
export const sessionCookie = 'owa-session';

const scope = { path: '/owa/', httpOnly: true, secure: true } as const;

export function setSignInCookie(reply: FastifyReply, value: string, lifetimeSeconds: number): void {
  reply.setCookie(signInCookie, value, { ...scope, sameSite: 'none', maxAge: lifetimeSeconds });
}

export function setSessionCookie(reply: FastifyReply, value: string, expires: Date): void {
  reply.setCookie(sessionCookie, value, { ...scope, sameSite: 'lax', expires });
}

export function clearCookie(reply: FastifyReply, name: string): void {
  reply.clearCookie(name, { ...scope, sameSite: name === signInCookie ? 'none' : 'lax' });
}
