import { namesNtlmScheme } from '../../../../../shared/ntlm/http-authorization.ts';
import { isWiaSupportedUserAgent } from './wia-user-agents.ts';

/**
 * Forms or Windows for a passive sign-in request, decided as AD FS decides it: Windows
 * integrated authentication is for the intranet only, so a request through the Web
 * Application Proxy always gets the forms page and its Authorization header is not
 * looked at. On the intranet, `wauth` ([MS-MWBF] §2.2.3) asks for a method; otherwise a
 * browser on the WIASupportedUserAgents list is challenged. A request that already
 * carries an NTLM or Negotiate token continues the handshake whatever its User-Agent
 * (a lab choice: such a client has said it speaks Windows authentication; scripted NTLM
 * clients often send no User-Agent on their first message).
 */
export type SignInMethod = 'forms' | 'windows-offer' | 'windows-continue';

/** `wauth` values that ask for a user name and password (client-flows §1.2). */
export const passwordWauth = [
  'urn:oasis:names:tc:SAML:1.0:am:password',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password',
];

/** `wauth` values that ask for Windows authentication. */
export const windowsWauth = ['urn:federation:authentication:windows', 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/windows'];

/** What the forms link of the 401 page adds to the request. */
export const formsWauth = passwordWauth[0]!;

export interface SignInMethodInputs {
  readonly proxied: boolean;
  readonly wauth: string | undefined;
  readonly authorization: string | undefined;
  readonly userAgent: string | undefined;
  readonly supportedUserAgents: readonly string[];
}

export function chooseSignInMethod(inputs: SignInMethodInputs): SignInMethod {
  if (inputs.proxied) return 'forms';
  if (inputs.wauth && passwordWauth.includes(inputs.wauth)) return 'forms';
  if (namesNtlmScheme(inputs.authorization)) return 'windows-continue';
  if (inputs.wauth && windowsWauth.includes(inputs.wauth)) return 'windows-offer';
  return isWiaSupportedUserAgent(inputs.supportedUserAgents, inputs.userAgent) ? 'windows-offer' : 'forms';
}
