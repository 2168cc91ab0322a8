import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import { verifyFederatedAssertion } from '../../../../domain/federation/verify-assertion.ts';
import { single } from '../../../form.ts';
import { required, type GrantInput, type TokenResponse } from './grant.ts';
import { issueTokens } from './issue-tokens.ts';

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:saml1_1-bearer` (client-flows §2.3; ADAL's
 * rich-client path, flow F7): a SAML 1.1 assertion from the domain's identity provider,
 * base64 or base64url (RFC 7522), traded for an access token.
 */
const hop = 'identity provider → azure-auth (SAML bearer grant)';

function decodeAssertion(value: string): string {
  const xml = Buffer.from(value, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<')) throw new LabError({ code: 'AADSTS50107', statusCode: 400, wireCode: 'invalid_grant', message: 'The assertion is not base64 or base64url encoded XML.', hop });
  return xml;
}

export async function samlBearerGrant({ runtime, tenant, form }: GrantInput): Promise<TokenResponse> {
  const clientId = required(form, 'client_id');
  const resource = required(form, 'resource');
  const signIn = verifyFederatedAssertion(runtime, decodeAssertion(required(form, 'assertion')), hop);
  return issueTokens(runtime, { user: signIn.user, tenant, clientId: clientId.toLowerCase(), resource, scope: single(form, 'scope') ?? 'user_impersonation', nonce: null, authenticationMethods: signIn.authenticationMethods });
}
