import { randomUUID } from 'node:crypto';
import type { KeyPair } from '../pki/index.ts';
import type { IssueSaml11Options, Saml11Claims } from './assertion-1-1.ts';
import { renderSaml20Assertion } from './assertion-2-0-template.ts';
import { authenticationMethods, claimUris } from './namespaces.ts';
import { signSaml20Assertion } from './sign.ts';

/**
 * The SAML 2.0 twin of `issueSaml11Assertion`: the same claims and options, the same
 * signature (RSA-SHA256, exc-c14n, enveloped, certificate in KeyInfo), in SAML 2.0's
 * vocabulary: `ID="_<uuid>"`, `Issuer` element, `NameID` = ImmutableID with a bearer
 * SubjectConfirmation, `AudienceRestriction`, attributes named by claim URI, and an
 * `AuthnStatement` whose class is PasswordProtectedTransport for a password.
 */
export type Saml20Claims = Saml11Claims;
export type IssueSaml20Options = IssueSaml11Options;

/** SAML 1.1's password method has a SAML 2.0 authentication context class of its own (SAML 2.0 AuthnContext §3.4.7). */
function authnContextClassRef(method: Saml20Claims['authenticationMethod']): string {
  return method === authenticationMethods.password ? authenticationMethods.passwordProtectedTransport : method;
}

function attributesOf(claims: Saml20Claims): { name: string; values: readonly string[] }[] {
  return [
    { name: claimUris.upn, values: [claims.upn] },
    { name: claimUris.immutableId, values: [claims.immutableId] },
    { name: claimUris.insideCorporateNetwork, values: [String(claims.insideCorporateNetwork)] },
    ...Object.entries(claims.extraAttributes ?? {}).map(([name, values]) => ({ name, values })),
  ];
}

export function issueSaml20Assertion(claims: Saml20Claims, signer: KeyPair, options: IssueSaml20Options): string {
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds <= 0) throw new TypeError('lifetimeSeconds must be a positive integer');
  if (!claims.immutableId || !claims.upn) throw new TypeError('an assertion needs an immutableId and a upn');
  const instant = options.now.toISOString();
  const unsigned = renderSaml20Assertion({
    id: `_${randomUUID()}`,
    issuer: options.issuer,
    issueInstant: instant,
    notBefore: instant,
    notOnOrAfter: new Date(options.now.getTime() + lifetimeSeconds * 1000).toISOString(),
    audience: options.audience,
    nameId: claims.immutableId,
    attributes: attributesOf(claims),
    authnContextClassRef: authnContextClassRef(claims.authenticationMethod),
    authnInstant: instant,
  });
  return signSaml20Assertion(unsigned, signer);
}
