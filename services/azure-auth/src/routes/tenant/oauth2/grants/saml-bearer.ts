import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import type { SamlVersion } from '../../../../../../../shared/saml/verify.ts';
import { verifyFederatedAssertion, type FederatedSignIn } from '../../../../domain/federation/verify-assertion.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { single, type FormValues } from '../../../form.ts';
import { required, type GrantHandler, type GrantInput, type TokenResponse } from './grant.ts';
import { issueTokens } from './issue-tokens.ts';

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:saml1_1-bearer` and `…:saml2-bearer`
 * (client-flows §2.3; RFC 7522; ADAL's and MSAL's rich-client path, flow F7): an
 * assertion from the domain's identity provider, base64 or base64url, traded for an
 * access token. Each grant type takes only its own SAML version.
 */
export const samlBearerGrantTypes: Readonly<Record<SamlVersion, string>> = {
  '1.1': 'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
  '2.0': 'urn:ietf:params:oauth:grant-type:saml2-bearer',
};

const hop = 'identity provider → azure-auth (SAML bearer grant)';

/** RFC 7522 §2.1: base64url without padding; ADAL sends plain base64. Both decode here. */
export function decodeAssertion(value: string): string {
  const xml = Buffer.from(value, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<')) throw new LabError({ code: 'AADSTS50107', statusCode: 400, wireCode: 'invalid_grant', message: 'The assertion is not base64 or base64url encoded XML.', hop });
  return xml;
}

/** The verified sign-in the form's assertion proves (shared by the v1 and v2 token endpoints). */
export function federatedSignInOf(runtime: AzureAuthRuntime, form: FormValues, version: SamlVersion): FederatedSignIn {
  return verifyFederatedAssertion(runtime, decodeAssertion(required(form, 'assertion')), hop, version);
}

export function samlBearerGrant(version: SamlVersion): GrantHandler {
  return async ({ runtime, tenant, form }: GrantInput): Promise<TokenResponse> => {
    const clientId = required(form, 'client_id');
    const resource = required(form, 'resource');
    const signIn = federatedSignInOf(runtime, form, version);
    return issueTokens(runtime, { user: signIn.user, tenant, clientId: clientId.toLowerCase(), resource, scope: single(form, 'scope') ?? 'user_impersonation', nonce: null, authenticationMethods: signIn.authenticationMethods });
  };
}
