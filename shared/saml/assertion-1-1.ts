import { randomUUID } from 'node:crypto';
import type { KeyPair } from '../pki/index.ts';
import type { Saml11Attribute } from './assertion-1-1-template.ts';
import type { AuthenticationMethod } from './namespaces.ts';
import { signedSaml11Assertion } from './sign.ts';

export { wrapInRstr13, wrapInRstr2005, type RstrOptions } from './ws-trust.ts';

/** What AD FS says about the user (client-flows §1.5). */
export interface Saml11Claims {
  /** The on-premises ImmutableID; Azure AD finds the user by it, and it is the NameIdentifier. */
  readonly immutableId: string;
  readonly upn: string;
  readonly authenticationMethod: AuthenticationMethod;
  readonly insideCorporateNetwork: boolean;
  /** More attributes by claim URI (AttributeNamespace + "/" + AttributeName), e.g. authnmethodsreferences. */
  readonly extraAttributes?: Readonly<Record<string, readonly string[]>>;
}

export interface IssueSaml11Options {
  /** AD FS's IssuerUri, e.g. `http://fs.contoso.test/adfs/services/trust`. */
  readonly issuer: string;
  /** The relying party, e.g. `urn:federation:MicrosoftOnline`. */
  readonly audience: string;
  /** Validity from `now`. Default 3600: AD FS tokens live one hour (security.md). */
  readonly lifetimeSeconds?: number;
  /** IssueInstant, NotBefore and AuthenticationInstant. */
  readonly now: Date;
}

/** Splits a claim URI at its last "/", the inverse of how a relying party joins the two (client-flows §1.5). */
function attributeFromClaim(claimUri: string, values: readonly string[]): Saml11Attribute {
  const slash = claimUri.lastIndexOf('/');
  if (slash <= 0 || slash === claimUri.length - 1) throw new TypeError(`extraAttributes: "${claimUri}" is not a claim URI of the form <namespace>/<name>`);
  return { namespace: claimUri.slice(0, slash), name: claimUri.slice(slash + 1), values };
}

function attributesOf(claims: Saml11Claims): Saml11Attribute[] {
  return [
    { namespace: 'http://schemas.xmlsoap.org/claims', name: 'UPN', values: [claims.upn] },
    { namespace: 'http://schemas.microsoft.com/LiveID/Federation/2008/05', name: 'ImmutableID', values: [claims.immutableId] },
    { namespace: 'http://schemas.microsoft.com/ws/2012/01', name: 'insidecorporatenetwork', values: [String(claims.insideCorporateNetwork)] },
    ...Object.entries(claims.extraAttributes ?? {}).map(([claimUri, values]) => attributeFromClaim(claimUri, values)),
  ];
}

/**
 * Issues the signed SAML 1.1 assertion of client-flows §1.5: `AssertionID="_<uuid>"`, the
 * ImmutableID as NameIdentifier, UPN, ImmutableID and insidecorporatenetwork attributes, an
 * AuthenticationStatement, and an enveloped RSA-SHA256 signature by `signer`.
 */
export function issueSaml11Assertion(claims: Saml11Claims, signer: KeyPair, options: IssueSaml11Options): string {
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds <= 0) throw new TypeError('lifetimeSeconds must be a positive integer');
  if (!claims.immutableId || !claims.upn) throw new TypeError('an assertion needs an immutableId and a upn');
  const instant = options.now.toISOString();
  return signedSaml11Assertion(
    {
    assertionId: `_${randomUUID()}`,
    issuer: options.issuer,
    issueInstant: instant,
    notBefore: instant,
    notOnOrAfter: new Date(options.now.getTime() + lifetimeSeconds * 1000).toISOString(),
    audience: options.audience,
    nameIdentifier: claims.immutableId,
    attributes: attributesOf(claims),
    authenticationMethod: claims.authenticationMethod,
    authenticationInstant: instant,
    },
    signer,
  );
}
