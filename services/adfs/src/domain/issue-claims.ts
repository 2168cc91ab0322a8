import { immutableIdFromGuid } from '../../../../shared/identity/immutable-id.ts';
import type { Saml11Claims } from '../../../../shared/saml/assertion-1-1.ts';
import type { AuthenticationMethod } from '../../../../shared/saml/namespaces.ts';
import type { DirectoryUser } from './credentials/credential-checker.ts';
import { claimTypes, type ClaimSource, type ClaimTransform, type RelyingPartyTrust } from './relying-parties.ts';
import type { RequestContext } from './request-context.ts';

/** Claims issued for one request, by claim type URI, in rule order. */
export type IssuedClaims = ReadonlyMap<string, string>;

const transforms: Record<ClaimTransform, (value: string) => string> = {
  immutableIdFromGuid,
};

function sourceValue(source: ClaimSource, user: DirectoryUser, context: RequestContext): string {
  if ('directory' in source) return user[source.directory];
  const value = context[source.requestContext];
  return typeof value === 'boolean' ? String(value) : value;
}

/** Runs a trust's issuance rules over the dc's answer and the request context. */
export function issueClaims(trust: RelyingPartyTrust, user: DirectoryUser, context: RequestContext): IssuedClaims {
  const claims = new Map<string, string>();
  for (const rule of trust.issuanceRules) {
    const value = sourceValue(rule.from, user, context);
    claims.set(rule.claimType, rule.transform ? transforms[rule.transform](value) : value);
  }
  return claims;
}

/** The claims the SAML 1.1 toolkit writes itself; every other issued claim is an extra attribute. */
const toolkitClaims: ReadonlySet<string> = new Set([claimTypes.nameIdentifier, claimTypes.immutableId, claimTypes.upn, claimTypes.insideCorporateNetwork]);

function required(claims: IssuedClaims, claimType: string): string {
  const value = claims.get(claimType);
  if (value === undefined) throw new TypeError(`the relying party's rules issue no ${claimType}, which a SAML 1.1 token for the cloud needs`);
  return value;
}

/**
 * The toolkit's claims (docs/federation.md, SAML toolkit). Its NameIdentifier is the
 * ImmutableID (client-flows §1.5), so a trust whose two rules disagree is misconfigured.
 */
export function toAssertionClaims(claims: IssuedClaims, authenticationMethod: AuthenticationMethod): Saml11Claims {
  const immutableId = required(claims, claimTypes.immutableId);
  if (required(claims, claimTypes.nameIdentifier) !== immutableId) throw new TypeError('the NameIdentifier rule must issue the ImmutableID');
  const extraAttributes = Object.fromEntries([...claims].filter(([claimType]) => !toolkitClaims.has(claimType)).map(([claimType, value]) => [claimType, [value]]));
  return {
    immutableId,
    upn: required(claims, claimTypes.upn),
    authenticationMethod,
    insideCorporateNetwork: required(claims, claimTypes.insideCorporateNetwork) === 'true',
    extraAttributes,
  };
}
