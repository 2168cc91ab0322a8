import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { antiForgeryRejected } from './errors.ts';
import type { SignInRequest } from './sign-in-request.ts';

/**
 * Login CSRF defence for the forms POST (security.md, login CSRF; OWASP CSRF cheat
 * sheet, "signed double-submit cookie"). Every render of the sign-in form draws a
 * fresh random value for a short-lived cookie and puts, in a hidden field, a MAC over
 * that value, the expiry and the sign-in request (trust, reply URL and wctx). The POST
 * must bring both back. A cross-site page can neither read the field nor make the
 * browser send the cookie (SameSite=Strict, HttpOnly), and a form rendered for one
 * wctx cannot be replayed with another, so nobody can sign a victim in as themselves.
 */
export const antiForgeryCookie = 'MSISAntiForgery';
export const antiForgeryField = 'AntiForgeryToken';

/** How long a rendered form may be posted: 10 minutes, a lab choice long enough to type a password. */
export const antiForgerySeconds = 600;

export const antiForgeryCookieOptions: CookieSerializeOptions = {
  path: '/adfs/ls/',
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  maxAge: antiForgerySeconds,
};

export interface AntiForgeryPair {
  readonly cookie: string;
  readonly field: string;
}

export interface AntiForgery {
  issue(request: SignInRequest, now: Date): AntiForgeryPair;
  /** Throws ANTI_FORGERY_REJECTED unless the pair was issued for this request and has not expired. */
  verify(request: SignInRequest, presented: { readonly cookie?: string | undefined; readonly field?: string | undefined }, now: Date): void;
}

/** What the MAC binds the form to besides the browser's cookie: the sign-in request it was rendered for. */
function bindingOf(request: SignInRequest): string {
  return JSON.stringify([request.trust.identifier, request.replyUrl, request.wctx ?? null]);
}

/**
 * An anti-forgery issuer keyed with `key`: by default 32 random bytes drawn when AD FS
 * starts, so a restart only voids the forms open at that moment.
 */
export function createAntiForgery(key: Buffer = randomBytes(32)): AntiForgery {
  const mac = (cookie: string, expires: string, request: SignInRequest): Buffer =>
    createHmac('sha256', key).update(`adfs-ls-anti-forgery\n${cookie}\n${expires}\n${bindingOf(request)}`).digest();
  return {
    issue(request, now) {
      const cookie = randomBytes(32).toString('base64url');
      const expires = String(Math.floor(now.getTime() / 1000) + antiForgerySeconds);
      return { cookie, field: `${expires}.${mac(cookie, expires, request).toString('base64url')}` };
    },
    verify(request, presented, now) {
      if (!presented.cookie) throw antiForgeryRejected(`the ${antiForgeryCookie} cookie did not come with it`);
      if (!presented.field) throw antiForgeryRejected(`it carried no ${antiForgeryField}`);
      const [expires, signature, extra] = presented.field.split('.');
      if (!expires || !/^\d{1,12}$/.test(expires) || !signature || extra !== undefined) throw antiForgeryRejected(`its ${antiForgeryField} is malformed`);
      if (Number(expires) * 1000 <= now.getTime()) throw antiForgeryRejected(`it was rendered more than ${antiForgerySeconds} seconds ago`);
      const expected = mac(presented.cookie, expires, request);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw antiForgeryRejected(`its ${antiForgeryField} was not rendered for this browser and this request`);
    },
  };
}
