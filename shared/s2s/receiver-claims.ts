import type { JsonObject } from './compact-jwt.ts';
import { readNumericDate } from './numeric-date.ts';
import { parseResourcePrincipal } from './principals.ts';
import { refuse, type Validation, type Which } from './receiver-context.ts';

/**
 * Claim checks the actor and the outer token share ([MS-XOAUTH] 3.2.5.6): lifetime with
 * clock skew (nbf and exp both required; the skew is inferred, server-flows §1.6) and the
 * audience `client_id/hostname@realm`.
 */
export function checkLifetime(validation: Validation, which: Which, claims: JsonObject): void {
  const nbf = readNumericDate(claims.nbf);
  const exp = readNumericDate(claims.exp);
  const code = which === 'actor' ? 'S2S_ACTOR' : 'S2S_OUTER';
  if (nbf === undefined || exp === undefined) throw refuse(validation, `${code}_LIFETIME_MISSING`, `the ${which} token lacks a numeric nbf or exp; both are required`);
  const now = validation.policy.now.getTime() / 1000;
  const skew = validation.policy.clockSkewSeconds ?? 300;
  if (now + skew < nbf) throw refuse(validation, `${code}_NOT_YET_VALID`, `the ${which} token is not valid until ${new Date(nbf * 1000).toISOString()} (clock skew ${skew} s)`);
  if (now - skew >= exp) throw refuse(validation, `${code}_EXPIRED`, `the ${which} token expired at ${new Date(exp * 1000).toISOString()} (clock skew ${skew} s)`);
}

/** `aud` names a trusted principal (case-sensitive), this server (case-insensitive) and this realm (case-sensitive). */
export function checkAudience(validation: Validation, which: Which, claims: JsonObject): void {
  const { policy } = validation;
  const aud = claims.aud;
  const parts = typeof aud === 'string' ? parseResourcePrincipal(aud) : undefined;
  if (!parts) throw refuse(validation, 'S2S_AUDIENCE_MALFORMED', `the ${which} token's aud ${JSON.stringify(aud)} is not client_id/hostname@realm`);
  if (!policy.trustedPrincipals.includes(parts.principal)) {
    throw refuse(validation, 'S2S_AUDIENCE_PRINCIPAL', `the ${which} token is for principal ${parts.principal}, which this server does not trust (trusted: ${policy.trustedPrincipals.join(', ')})`);
  }
  if (!policy.hostnames.some((host) => host.toLowerCase() === parts.host.toLowerCase())) {
    throw refuse(validation, 'S2S_AUDIENCE_HOST', `the ${which} token is for host ${parts.host}, not this server (${policy.hostnames.join(', ')})`);
  }
  if (parts.realm !== policy.realm) throw refuse(validation, 'S2S_AUDIENCE_REALM', `the ${which} token is for realm ${parts.realm}, not this server's realm ${policy.realm}`);
}
