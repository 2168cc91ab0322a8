import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * The sign-in cookies. `ESTSAUTH` is Azure AD's session cookie (client-flows §2.2):
 * SameSite=None because the authorize request arrives from the application's site.
 * `esctx` ties a sign-in flow to this browser; the forms it guards post to this same
 * site, so it is SameSite=Strict and never sent with a cross-site POST (login CSRF).
 */
export const sessionCookie = 'ESTSAUTH';
export const flowCookie = 'esctx';

export const sessionCookieOptions: CookieSerializeOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'none' };
export const flowCookieOptions: CookieSerializeOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' };

/**
 * `estsfed` pairs this browser with the `wctx` of a sign-in sent to AD FS. AD FS's answer
 * is a cross-site POST to /login.srf, so this cookie is SameSite=None; the wctx must match it.
 */
export const federationCookie = 'estsfed';
export const federationCookieOptions: CookieSerializeOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'none' };
