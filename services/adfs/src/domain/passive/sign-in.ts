import { issueSaml11Assertion, wrapInRstr2005 } from '../../../../../shared/saml/assertion-1-1.ts';
import { authenticationMethods, type AuthenticationMethod } from '../../../../../shared/saml/namespaces.ts';
import type { DirectoryUser, LogonFailure } from '../credentials/credential-checker.ts';
import { issueClaims, toAssertionClaims } from '../issue-claims.ts';
import type { RequestContext } from '../request-context.ts';
import type { AdfsRuntime } from '../runtime.ts';
import { passwordChangeUrl } from '../ws-trust/faults.ts';
import type { SignInRequest } from './sign-in-request.ts';

/** What the forms page posts (client-flows §1.3). */
export interface FormsCredentials {
  readonly username: string;
  readonly password: string;
}

export type SignInOutcome =
  | { readonly kind: 'issued'; readonly wresult: string }
  | { readonly kind: 'refused'; readonly errorText: string; readonly failure: LogonFailure };

/**
 * AD FS's forms-page message for a refused logon. A bad password, an unknown user and a
 * disabled account read the same, so the page tells a password guesser nothing (security.md,
 * password spraying).
 */
export const incorrectCredentialsText = 'Incorrect user ID or password. Type the correct user ID and password, and try again.';

/** An expired password is told apart only after the right password was given (the dc's 532/773 come after 52e). */
export function expiredPasswordText(federationServiceName: string): string {
  return `Your password has expired. Change it at ${passwordChangeUrl(federationServiceName)} and then sign in again.`;
}

function refusal(runtime: AdfsRuntime, failure: LogonFailure): SignInOutcome {
  const expired = failure === 'password-expired' || failure === 'password-must-change';
  return { kind: 'refused', errorText: expired ? expiredPasswordText(runtime.config.federationServiceName) : incorrectCredentialsText, failure };
}

/**
 * The `wresult` of client-flows §1.4: the trust's issuance rules over the dc's answer, as
 * usernamemixed runs them, signed as a SAML 1.1 assertion with the logon's
 * AuthenticationMethod (§1.5: forms or Windows), in a WS-Trust Feb 2005 RSTR whose
 * Lifetime is the token's and whose AppliesTo is the realm.
 */
export function issueWresult(runtime: AdfsRuntime, request: SignInRequest, user: DirectoryUser, context: RequestContext, authenticationMethod: AuthenticationMethod): string {
  const { trust } = request;
  const now = runtime.config.clock();
  const claims = toAssertionClaims(issueClaims(trust, user, context), authenticationMethod);
  const assertion = issueSaml11Assertion(claims, runtime.tokenSigning, { issuer: runtime.config.issuer, audience: trust.identifier, lifetimeSeconds: trust.tokenLifetimeSeconds, now });
  return wrapInRstr2005(assertion, { audience: trust.identifier, created: now, expires: new Date(now.getTime() + trust.tokenLifetimeSeconds * 1000) });
}

/** Forms sign-in (client-flows §1.3–1.4): the dc checks the password, then the token is issued. */
export async function signInWithForms(runtime: AdfsRuntime, request: SignInRequest, credentials: FormsCredentials, context: RequestContext): Promise<SignInOutcome> {
  // RFC 4513 §5.1.2: an empty password would be an unauthenticated bind, which succeeds.
  if (credentials.username === '' || credentials.password === '') return refusal(runtime, 'bad-password');
  const result = await runtime.credentials.check(credentials.username, credentials.password, context);
  if (!result.ok) return refusal(runtime, result.failure);
  return { kind: 'issued', wresult: issueWresult(runtime, request, result.user, context, authenticationMethods.passwordProtectedTransport) };
}
