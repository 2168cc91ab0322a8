import type { FastifyRequest } from 'fastify';
import { authenticationMethods } from '../../../../shared/saml/namespaces.ts';
import type { LogonContext } from './credentials/credential-checker.ts';
import { extranetOriginOf } from './extranet-lockout/client-location.ts';

/**
 * What AD FS knows about a request besides the credentials (client-flows §1.9). A
 * request that came through the Web Application Proxy carries `X-MS-Proxy`
 * ([MS-ADFSPIP] §2.2.1.1) and is from outside; a direct one is from corp.
 */
export interface RequestContext extends LogonContext {
  readonly insideCorporateNetwork: boolean;
  /** The authnmethodsreferences value for how the user authenticated. */
  readonly authnMethodsReference: string;
}

/** How a username and password sign-in is named in the token ([MS-MWBF]; client-flows §1.5). */
export const passwordAuthentication = {
  /** The SAML 1.1 AuthenticationMethod. */
  samlAuthenticationMethod: authenticationMethods.password,
  /** The authnmethodsreferences claim value AD FS issues for forms and usernamemixed. */
  authnMethodsReference: 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password',
} as const;

/** How a Windows integrated sign-in is named (client-flows §1.5; [MS-MWBF]). */
export const windowsAuthentication = {
  samlAuthenticationMethod: authenticationMethods.windows,
  authnMethodsReference: 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/windows',
} as const;

export function isProxied(request: FastifyRequest): boolean {
  return request.headers['x-ms-proxy'] !== undefined;
}

export function passwordRequestContext(request: FastifyRequest): RequestContext {
  return { insideCorporateNetwork: !isProxied(request), authnMethodsReference: passwordAuthentication.authnMethodsReference, activityId: request.id, extranet: extranetOriginOf(request.headers) };
}

/** Windows integrated sign-in happens only on the corporate network: never through the proxy. */
export const windowsRequestContext: RequestContext = { insideCorporateNetwork: true, authnMethodsReference: windowsAuthentication.authnMethodsReference };
