import type { KeyObject } from 'node:crypto';
import { S2SAuthError } from './challenge.ts';
import type { DecodedJwt } from './compact-jwt.ts';
import type { TrustedIssuer } from './sts-metadata.ts';

/**
 * What the receiver of an S2S token checks against ([MS-XOAUTH] 3.2.5.6): the trusted
 * token services (from their metadata, server-flows §1.7–1.8 AuthServer), the principals
 * a token may be addressed to (PartnerApplication, Exchange's 00000002-…), this server's
 * host names and realm, and the clock.
 */
export interface ReceiverPolicy {
  readonly trustedIssuers: readonly TrustedIssuer[];
  /** Principals an `aud` may name, compared case-sensitively. */
  readonly trustedPrincipals: readonly string[];
  /** This server's host names, compared case-insensitively. */
  readonly hostnames: readonly string[];
  /** The realm (tenant id), compared case-sensitively. */
  readonly realm: string;
  /** Default 300 s, the Microsoft libraries' default (security.md). */
  readonly clockSkewSeconds?: number;
  readonly now: Date;
  /** Names the hop in every refusal, e.g. `exchange-online → mail.contoso.test EWS (S2S OAuth)`. */
  readonly hop: string;
}

/** The validation as it proceeds: each step reads what earlier steps set. */
export interface Validation {
  readonly token: string;
  readonly policy: ReceiverPolicy;
  /** The whole token, decoded (step parseToken). */
  received?: DecodedJwt;
  /** The unsigned outer token when the token acts for a user; absent for an app-only token. */
  outer?: DecodedJwt;
  /** The signed token: the outer token's `actortoken`, or the token itself when app-only. */
  actor?: DecodedJwt;
  issuer?: TrustedIssuer;
  key?: KeyObject;
}

export type Which = 'actor' | 'outer';

/** A refusal: the stable code, and a message that says which token and why. */
export function refuse(validation: Validation, code: string, message: string, cause?: unknown): S2SAuthError {
  return new S2SAuthError({ code, message, hop: validation.policy.hop, tenantId: validation.policy.realm, cause });
}

/** A step that earlier steps have not prepared for is a bug in the step order, not bad input. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`S2S validation step order: ${what} is not set yet`);
  return value;
}
