import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { asSamlError } from '../../../../../shared/saml/errors.ts';
import { SAML11_NS } from '../../../../../shared/saml/namespaces.ts';
import { verifySaml11Assertion } from '../../../../../shared/saml/verify.ts';
import { parseXml } from '../../../../../shared/xml/safe-parse.ts';
import type { AzureAuthRuntime } from '../runtime.ts';
import type { UserRecord } from '../users.ts';
import { cloudAudienceUrn } from './realm.ts';
import { certificatePem, type FederationSettings } from './settings.ts';

/**
 * A federated domain's SAML 1.1 assertion, checked the one way both consumers need it —
 * `/login.srf` (passive, flows F4/F5) and the SAML bearer grant (F7): the issuer only
 * selects which domain's trust applies; everything used afterwards comes from the
 * verified assertion (signature by SigningCertificate or NextSigningCertificate, issuer,
 * audience, lifetime, one-time use), and the ImmutableID must name a user of that domain.
 */
export interface FederatedSignIn {
  readonly user: UserRecord;
  readonly authenticationMethods: readonly string[];
  readonly domain: string;
}

const windowsMethod = 'urn:federation:authentication:windows';

function invalid(code: string, message: string, hop: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 400, wireCode: 'invalid_grant', message, hop, cause });
}

/**
 * The Issuer the token claims, read only to pick the domain whose certificates then
 * verify it. A document whose root is not the assertion is refused here already: a
 * wrapper around a signed assertion is the shape of signature wrapping (security.md).
 */
function claimedIssuerOf(xml: string, hop: string): string {
  let root;
  try {
    root = parseXml(xml).documentElement;
  } catch (error) {
    const refusal = asSamlError(error);
    if (refusal instanceof LabError) throw invalid(refusal.code, refusal.message, hop, refusal);
    throw refusal;
  }
  if (!root || root.namespaceURI !== SAML11_NS || root.localName !== 'Assertion') {
    throw invalid('SAML_WRAPPED', `the token's root element is ${root?.localName ?? 'missing'}, not a SAML 1.1 Assertion; a wrapper around an assertion is signature wrapping`, hop);
  }
  return root.getAttribute('Issuer') ?? '';
}

function trustFor(runtime: AzureAuthRuntime, xml: string, hop: string): { domain: string; settings: FederationSettings } {
  const claimedIssuer = claimedIssuerOf(xml, hop);
  for (const domain of runtime.directory.domains()) {
    const settings = runtime.federation.get(domain.name);
    if (settings && settings.IssuerUri === claimedIssuer) return { domain: domain.name, settings };
  }
  throw invalid('AADSTS50107', `The requested federation realm object '${claimedIssuer}' does not exist.`, hop);
}

function userOf(runtime: AzureAuthRuntime, immutableId: string, domain: string, hop: string): UserRecord {
  const user = runtime.users.byImmutableId(immutableId);
  if (!user || user.deletedAt !== null) throw invalid('AADSTS50034', `No user with ImmutableID ${immutableId} exists in this tenant; has the directory synced?`, hop);
  if (runtime.directory.domainOf(user.userPrincipalName)?.name.toLowerCase() !== domain.toLowerCase()) {
    throw invalid('AADSTS50107', `The identity provider of ${domain} cannot sign in ${user.userPrincipalName}.`, hop);
  }
  if (!user.accountEnabled) throw invalid('AADSTS50057', 'The user account is disabled.', hop);
  return user;
}

export function verifyFederatedAssertion(runtime: AzureAuthRuntime, assertionXml: string, hop: string): FederatedSignIn {
  const trust = trustFor(runtime, assertionXml, hop);
  const trusted = [trust.settings.SigningCertificate, trust.settings.NextSigningCertificate].filter((value): value is string => Boolean(value)).map(certificatePem);
  let assertion;
  try {
    assertion = verifySaml11Assertion(assertionXml, { trustedCertificates: trusted, issuer: trust.settings.IssuerUri, audience: cloudAudienceUrn, now: runtime.config.clock(), replayCache: runtime.samlReplayCache });
  } catch (error) {
    // RFC 6749 §5.2: a grant that fails validation is a 400 invalid_grant.
    if (!(error instanceof LabError)) throw error;
    throw invalid(error.code, error.message, hop, error);
  }
  const user = userOf(runtime, assertion.nameIdentifier, trust.domain, hop);
  return { user, domain: trust.domain, authenticationMethods: assertion.authenticationMethod === windowsMethod ? ['wia', 'fed'] : ['pwd', 'fed'] };
}
