import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import { verifySaml11Assertion } from '../../../../../../../shared/saml/verify.ts';
import { parseXml } from '../../../../../../../shared/xml/safe-parse.ts';
import { cloudAudienceUrn } from '../../../../domain/federation/realm.ts';
import { certificatePem, type FederationSettings } from '../../../../domain/federation/settings.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import type { UserRecord } from '../../../../domain/users.ts';
import { single } from '../../../form.ts';
import { required, type GrantInput, type TokenResponse } from './grant.ts';
import { issueTokens } from './issue-tokens.ts';

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:saml1_1-bearer` (client-flows §2.3; ADAL's
 * rich-client path, flow F7): a SAML 1.1 assertion from the domain's identity provider,
 * base64 or base64url (RFC 7522), traded for an access token. The issuer only selects
 * which domain's trust applies; everything used afterwards comes from the verified
 * assertion: the signature with the domain's SigningCertificate or NextSigningCertificate,
 * issuer, audience, lifetime, one-time use, and the ImmutableID that names the user.
 */
const hop = 'identity provider → azure-auth (SAML bearer grant)';
const windowsMethod = 'urn:federation:authentication:windows';

function invalidGrant(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, wireCode: 'invalid_grant', message, hop });
}

function decodeAssertion(value: string): string {
  const xml = Buffer.from(value, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<')) throw invalidGrant('AADSTS50107', 'The assertion is not base64 or base64url encoded XML.');
  return xml;
}

/** The federated domain whose IssuerUri the assertion claims; only a lookup key until the signature is checked. */
function trustFor(runtime: AzureAuthRuntime, xml: string): { domain: string; settings: FederationSettings } {
  const claimedIssuer = parseXml(xml).documentElement?.getAttribute('Issuer') ?? '';
  for (const domain of runtime.directory.domains()) {
    const settings = runtime.federation.get(domain.name);
    if (settings && settings.IssuerUri === claimedIssuer) return { domain: domain.name, settings };
  }
  throw invalidGrant('AADSTS50107', `The requested federation realm object '${claimedIssuer}' does not exist.`);
}

function userOf(runtime: AzureAuthRuntime, immutableId: string, domain: string): UserRecord {
  const user = runtime.users.byImmutableId(immutableId);
  if (!user || user.deletedAt !== null) throw invalidGrant('AADSTS50034', `No user with ImmutableID ${immutableId} exists in this tenant; has the directory synced?`);
  // An identity provider speaks for its own domain's users only.
  if (runtime.directory.domainOf(user.userPrincipalName)?.name.toLowerCase() !== domain.toLowerCase()) {
    throw invalidGrant('AADSTS50107', `The identity provider of ${domain} cannot sign in ${user.userPrincipalName}.`);
  }
  if (!user.accountEnabled) throw invalidGrant('AADSTS50057', 'The user account is disabled.');
  return user;
}

export async function samlBearerGrant({ runtime, tenant, form }: GrantInput): Promise<TokenResponse> {
  const clientId = required(form, 'client_id');
  const resource = required(form, 'resource');
  const xml = decodeAssertion(required(form, 'assertion'));
  const trust = trustFor(runtime, xml);
  const trusted = [trust.settings.SigningCertificate, trust.settings.NextSigningCertificate].filter((value): value is string => Boolean(value)).map(certificatePem);
  let assertion;
  try {
    assertion = verifySaml11Assertion(xml, { trustedCertificates: trusted, issuer: trust.settings.IssuerUri, audience: cloudAudienceUrn, now: runtime.config.clock(), replayCache: runtime.samlReplayCache });
  } catch (error) {
    // RFC 6749 §5.2: a grant that fails validation is a 400 invalid_grant at the token endpoint.
    if (!(error instanceof LabError)) throw error;
    throw new LabError({ code: error.code, statusCode: 400, wireCode: 'invalid_grant', message: error.message, hop, cause: error });
  }
  const user = userOf(runtime, assertion.nameIdentifier, trust.domain);
  const authenticationMethods = assertion.authenticationMethod === windowsMethod ? ['wia', 'fed'] : ['pwd', 'fed'];
  return issueTokens(runtime, { user, tenant, clientId: clientId.toLowerCase(), resource, scope: single(form, 'scope') ?? 'user_impersonation', nonce: null, authenticationMethods });
}
