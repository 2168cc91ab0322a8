import type { SamlVersion } from '../../../../../../../../shared/saml/verify.ts';
import { required, type GrantInput } from '../../grants/grant.ts';
import { federatedSignInOf } from '../../grants/saml-bearer.ts';
import type { SignedInUser, V2GrantHandler } from './grant.ts';

/**
 * The SAML bearer grants at v2.0, as MSAL for Python sends them after WS-Trust
 * (msal/application.py: `scope`, base64url without padding): the assertion is verified
 * exactly as at v1 (verify-assertion.ts).
 */
export function v2SamlBearerGrant(version: SamlVersion): V2GrantHandler {
  return async ({ runtime, form }: GrantInput): Promise<SignedInUser> => {
    const clientId = required(form, 'client_id');
    const signIn = federatedSignInOf(runtime, form, version);
    return { user: signIn.user, clientId: clientId.toLowerCase(), authenticationMethods: signIn.authenticationMethods };
  };
}
