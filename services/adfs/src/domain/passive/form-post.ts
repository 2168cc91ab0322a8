import type { IncomingHttpHeaders } from 'node:http';
import { crossOriginPost, invalidParameter, missingParameter } from './errors.ts';
import type { FormsCredentials } from './sign-in.ts';

/** The forms POST's fields (client-flows §1.3), as the page names them. */
export const formFields = { userName: 'UserName', password: 'Password', kmsi: 'Kmsi', authMethod: 'AuthMethod' } as const;

/** The only AuthMethod this lab's forms page offers. */
export const formsAuthentication = 'FormsAuthentication';

/** One field of an x-www-form-urlencoded body; a field given twice is refused rather than guessed at. */
export function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined || typeof value === 'string') return value;
  throw invalidParameter(name, 'is given more than once');
}

/**
 * Login CSRF, first line (security.md; OWASP, "verifying origin with standard headers"):
 * a browser that says where the POST came from must say this federation service. A
 * scripted client sends neither header, and the anti-forgery value still holds it.
 */
export function checkSameOrigin(headers: IncomingHttpHeaders, federationServiceName: string): void {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw crossOriginPost(`a ${site} page`);
  const origin = headers.origin;
  if (origin !== undefined && origin !== `https://${federationServiceName}`) throw crossOriginPost(`'${origin}'`);
}

/** `AuthMethod=FormsAuthentication` and the credentials. Kmsi is accepted and ignored: the lab keeps no SSO session. */
export function readFormsCredentials(body: unknown): FormsCredentials {
  const authMethod = formField(body, formFields.authMethod);
  if (authMethod === undefined) throw missingParameter(formFields.authMethod);
  if (authMethod !== formsAuthentication) throw invalidParameter(formFields.authMethod, `must be ${formsAuthentication}`);
  return { username: formField(body, formFields.userName)?.trim() ?? '', password: formField(body, formFields.password) ?? '' };
}
