import { unsignedJwt } from './compact-jwt.ts';
import { numericDateString } from './numeric-date.ts';
import { principalAt, resourcePrincipal } from './principals.ts';

/**
 * The outer token a server builds to act for one of its users ([MS-XOAUTH] 2.2,
 * server-flows §1.5): unsigned (`alg: none`, empty signature) and trusted only through
 * the signed actor token it carries. `iss` is the calling application at the realm,
 * which must equal the actor token's `nameid`; `aud` is the target resource.
 */
export interface OuterTokenInput {
  /** The calling application's id (Exchange's, 00000002-…), the `iss` principal. */
  readonly appId: string;
  readonly realm: string;
  readonly targetPrincipal: string;
  readonly targetHost: string;
  /** The user acted for: `nameid` and `smtp` (their primary SMTP address). */
  readonly smtp: string;
  readonly nameId?: string;
  /** The signed actor token from the token service (§1.4). */
  readonly actorToken: string;
  readonly now: Date;
  /** Default 300 s, a lab choice: an outer token is built per request. */
  readonly lifetimeSeconds?: number;
}

export function buildOuterToken(input: OuterTokenInput): string {
  const exp = new Date(input.now.getTime() + (input.lifetimeSeconds ?? 300) * 1000);
  return unsignedJwt({
    aud: resourcePrincipal(input.targetPrincipal, input.targetHost, input.realm),
    iss: principalAt(input.appId, input.realm),
    nbf: numericDateString(input.now),
    exp: numericDateString(exp),
    nameid: input.nameId ?? input.smtp,
    smtp: input.smtp,
    actortoken: input.actorToken,
  });
}
