import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { claimedIssuer, verifySamlAssertion, type SamlVersion } from '../../../../../shared/saml/verify.ts';
import { DSIG_NS } from '../../../../../shared/saml/namespaces.ts';
import { elementsNamed } from '../../../../../shared/xml/dom.ts';
import { parseXml } from '../../../../../shared/xml/safe-parse.ts';
import type { AzureAuthRuntime } from '../runtime.ts';
import type { UserRecord } from '../users.ts';
import { cloudAudienceUrn } from './realm.ts';
import { certificatePem, type FederationSettings } from './settings.ts';
import { thumbprint } from './trust-update.ts';

/**
 * A federated domain's SAML 1.1 (or, for the saml2-bearer grant, SAML 2.0) assertion,
 * checked the one way both consumers need it —
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

function trustFor(runtime: AzureAuthRuntime, xml: string, version: SamlVersion, hop: string): { domain: string; settings: FederationSettings } {
  let issuer: string;
  try {
    issuer = claimedIssuer(xml, version);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw invalid(error.code, error.message, hop, error);
  }
  for (const domain of runtime.directory.domains()) {
    const settings = runtime.federation.get(domain.name);
    if (settings && settings.IssuerUri === issuer) return { domain: domain.name, settings };
  }
  throw invalid('AADSTS50107', `The requested federation realm object '${issuer}' does not exist.`, hop);
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

/** The thumbprint of the certificate the assertion's KeyInfo names, only to explain a refusal; it is never used as a key. */
function offeredThumbprint(xml: string): string {
  const offered = (elementsNamed(parseXml(xml), DSIG_NS, 'X509Certificate')[0]?.textContent ?? '').replace(/\s+/g, '');
  try {
    return thumbprint(offered);
  } catch {
    return 'an unreadable certificate';
  }
}

/**
 * AADSTS50008, Entra ID's answer when a federated token is signed with a key the domain
 * does not trust — the outage a token-signing rollover causes when AD FS promotes a
 * certificate before the cloud learned it (docs/federation.md, "Token-signing rollover").
 */
function certificateMismatch(xml: string, trust: { domain: string; settings: FederationSettings }, hop: string, cause: LabError): LabError {
  const { SigningCertificate, NextSigningCertificate } = trust.settings;
  const trusted = `SigningCertificate ${thumbprint(SigningCertificate)}${NextSigningCertificate ? ` and NextSigningCertificate ${thumbprint(NextSigningCertificate)}` : ' (no NextSigningCertificate)'}`;
  return invalid(
    'AADSTS50008',
    `Unable to verify token signature. The signing key identifier does not match any valid registered keys: the token is signed with certificate ${offeredThumbprint(xml)}, but ${trust.domain} trusts ${trusted}. Did the identity provider roll its token-signing certificate over before the cloud learned it? Refresh the domain's federation metadata.`,
    hop,
    cause,
  );
}

export function verifyFederatedAssertion(runtime: AzureAuthRuntime, assertionXml: string, hop: string, version: SamlVersion = '1.1'): FederatedSignIn {
  const trust = trustFor(runtime, assertionXml, version, hop);
  const trusted = [trust.settings.SigningCertificate, trust.settings.NextSigningCertificate].filter((value): value is string => Boolean(value)).map(certificatePem);
  let assertion;
  try {
    assertion = verifySamlAssertion(version, assertionXml, { trustedCertificates: trusted, issuer: trust.settings.IssuerUri, audience: cloudAudienceUrn, now: runtime.config.clock(), replayCache: runtime.samlReplayCache });
  } catch (error) {
    // RFC 6749 §5.2: a grant that fails validation is a 400 invalid_grant.
    if (!(error instanceof LabError)) throw error;
    if (error.code === 'SAML_UNTRUSTED_KEY') throw certificateMismatch(assertionXml, trust, hop, error);
    throw invalid(error.code, error.message, hop, error);
  }
  const user = userOf(runtime, assertion.nameIdentifier, trust.domain, hop);
  return { user, domain: trust.domain, authenticationMethods: assertion.authenticationMethod === windowsMethod ? ['wia', 'fed'] : ['pwd', 'fed'] };
}
