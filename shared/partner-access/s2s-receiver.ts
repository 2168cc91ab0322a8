import { S2SAuthError, s2sTokenRequired } from '../s2s/challenge.ts';
import { decodeCompactJwt } from '../s2s/compact-jwt.ts';
import { exchangePrincipal, stsIssuer, acsPrincipal } from '../s2s/principals.ts';
import { validateS2SToken, type S2SCaller } from '../s2s/validate-s2s-token.ts';
import type { ReceiverTrustProvider, TrustedIssuerCache } from './receiver-trust.ts';

/**
 * The receiving side of S2S OAuth on an Exchange's EWS and Autodiscover (server-flows
 * §1.1, §1.6): an empty Bearer asks for the challenge pair naming the trusted issuer; an
 * S2S token is validated by shared/s2s's receiver steps against the STS of
 * `ReceiverTrust` (keys from its metadata, refetched once for an unknown `x5t`), the
 * Exchange principal and this server's host names. Only a token acting for a user is
 * accepted here: free/busy is evaluated with that user's own permissions.
 */
export interface S2SReceiver {
  readonly trust: ReceiverTrustProvider;
  readonly issuers: TrustedIssuerCache;
  /** This server's host names, the valid `aud` hosts (case-insensitive). */
  readonly hostnames: readonly string[];
  readonly now: () => Date;
  /** e.g. `partner → outlook.office365.test EWS (S2S OAuth)`. */
  readonly hop: string;
}

export interface S2SPartnerUser {
  /** The requesting user's SMTP address (the outer token's `smtp`, required by the receiver steps): whose permissions apply. */
  readonly smtp: string;
  readonly caller: S2SCaller;
}

/**
 * Whether a Bearer token is S2S rather than a user's own access token: an unsigned outer
 * token carrying an `actortoken`, or a token issued by the ACS principal (app-only).
 * Anything else goes to the service's user-token path.
 */
export function isS2SToken(token: string): boolean {
  const decoded = decodeCompactJwt(token);
  if (!decoded) return false;
  if (decoded.header.alg === 'none' || typeof decoded.claims.actortoken === 'string') return true;
  return typeof decoded.claims.iss === 'string' && decoded.claims.iss.startsWith(`${acsPrincipal}@`);
}

function actorX5t(token: string): string | undefined {
  const decoded = decodeCompactJwt(token);
  const actor = decoded && typeof decoded.claims.actortoken === 'string' ? decodeCompactJwt(decoded.claims.actortoken) : decoded;
  return typeof actor?.header.x5t === 'string' ? actor.header.x5t : undefined;
}

async function validateOnce(token: string, receiver: S2SReceiver): Promise<S2SCaller> {
  const trust = receiver.trust();
  let issuer;
  try {
    issuer = await receiver.issuers.issuer();
  } catch (error) {
    throw new S2SAuthError({ code: 'S2S_METADATA_UNAVAILABLE', message: `the trusted STS metadata ${trust.metadataUrl} could not be read: ${error instanceof Error ? error.message : String(error)}`, hop: receiver.hop, tenantId: trust.realm, cause: error });
  }
  return validateS2SToken(token, { trustedIssuers: [issuer], trustedPrincipals: [exchangePrincipal], hostnames: receiver.hostnames, realm: trust.realm, now: receiver.now(), hop: receiver.hop });
}

export async function authenticateS2S(token: string, receiver: S2SReceiver): Promise<S2SPartnerUser> {
  const realm = receiver.trust().realm;
  if (token === '') throw s2sTokenRequired(realm, receiver.hop);
  let caller: S2SCaller;
  try {
    caller = await validateOnce(token, receiver);
  } catch (error) {
    const x5t = error instanceof S2SAuthError && error.code === 'S2S_ACTOR_KEY_UNKNOWN' ? actorX5t(token) : undefined;
    if (!x5t || !(await receiver.issuers.refreshFor(x5t).catch(() => false))) throw error;
    caller = await validateOnce(token, receiver);
  }
  if (!caller.user) {
    throw new S2SAuthError({ code: 'S2S_USER_REQUIRED', message: `an app-only token from ${caller.application} acts for no user; free/busy needs an outer token naming the requesting user (trusted issuer ${stsIssuer(realm)})`, hop: receiver.hop, tenantId: realm });
  }
  return { smtp: caller.user.smtp, caller };
}
