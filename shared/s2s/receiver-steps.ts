import { verify } from 'node:crypto';
import { decodeCompactJwt } from './compact-jwt.ts';
import { parsePrincipalAt } from './principals.ts';
import { checkAudience, checkLifetime } from './receiver-claims.ts';
import { must, refuse, type Validation } from './receiver-context.ts';

/**
 * The receiver's checks ([MS-XOAUTH] 3.2.5.6, security.md's JWT rows), one per function,
 * in the order validate-s2s-token.ts runs them. Each either returns or throws a 401
 * S2SAuthError with a stable code.
 */
export type Step = (validation: Validation) => void;

/** The token is a compact JWT with JSON header and claims. */
export const parseToken: Step = (v) => {
  v.received = decodeCompactJwt(v.token);
  if (!v.received) throw refuse(v, 'S2S_TOKEN_MALFORMED', 'the token is not a compact JWT (three base64url parts, JSON header and claims)');
};

/**
 * `alg: none` is accepted only for an outer token that carries an actor token, and then
 * with an empty signature (security.md: the S2S outer token is legitimately unsigned);
 * any other token must itself be the signed one.
 */
export const separateOuterAndActor: Step = (v) => {
  const received = must(v.received, 'received');
  if (received.header.alg !== 'none') {
    v.actor = received;
    return;
  }
  if (typeof received.claims.actortoken !== 'string') throw refuse(v, 'S2S_UNSIGNED_TOKEN', 'the token is unsigned (alg none) and carries no actor token; an unsigned token is accepted only as an outer token with a signed actortoken');
  if (received.signature !== '') throw refuse(v, 'S2S_TOKEN_MALFORMED', 'the outer token says alg none but carries a signature');
  v.outer = received;
  v.actor = decodeCompactJwt(received.claims.actortoken);
  if (!v.actor) throw refuse(v, 'S2S_ACTOR_MALFORMED', 'the outer token\'s actortoken is not a compact JWT');
};

/** RS256 only (RFC 8725 §3.1): refuses `none` for the actor and HS256 keyed with the public key. */
export const pinActorAlgorithm: Step = (v) => {
  const alg = must(v.actor, 'actor').header.alg;
  if (alg === 'none') throw refuse(v, 'S2S_ACTOR_UNSIGNED', 'the actor token is unsigned (alg none); it must be signed by the trusted token service');
  if (alg !== 'RS256') throw refuse(v, 'S2S_ACTOR_ALG', `the actor token's alg is ${JSON.stringify(alg)}; only RS256 is accepted`);
};

/** Keys come only from the token service's metadata, never from the token (RFC 8725 §3.10). */
export const refuseHeaderKeys: Step = (v) => {
  const header = must(v.actor, 'actor').header;
  for (const parameter of ['jwk', 'jku', 'x5u', 'x5c']) {
    if (parameter in header) throw refuse(v, 'S2S_ACTOR_HEADER_KEY', `the actor token's header carries its own key (${parameter}); keys come only from the token service's metadata`);
  }
  if ('kid' in header && header.kid !== header.x5t) throw refuse(v, 'S2S_ACTOR_HEADER_KEY', `the actor token's kid ${JSON.stringify(header.kid)} differs from its x5t; keys are looked up by x5t in the metadata only`);
};

/** The key is found by `x5t` among the trusted token services' published certificates. */
export const findTrustedKey: Step = (v) => {
  const x5t = must(v.actor, 'actor').header.x5t;
  if (typeof x5t !== 'string') throw refuse(v, 'S2S_ACTOR_KEY_UNKNOWN', 'the actor token names no x5t; it cannot be matched to a trusted signing certificate');
  for (const issuer of v.policy.trustedIssuers) {
    const key = issuer.keysByX5t.get(x5t);
    if (key) {
      v.issuer = issuer;
      v.key = key;
      return;
    }
  }
  throw refuse(v, 'S2S_ACTOR_KEY_UNKNOWN', `the actor token is signed with certificate x5t=${x5t}, which no trusted token service publishes (self-signed or foreign token)`);
};

export const verifyActorSignature: Step = (v) => {
  const actor = must(v.actor, 'actor');
  const signature = Buffer.from(actor.signature, 'base64url');
  if (!verify('sha256', Buffer.from(actor.signingInput, 'ascii'), must(v.key, 'key'), signature)) {
    throw refuse(v, 'S2S_ACTOR_SIGNATURE', 'the actor token\'s RS256 signature does not verify (modified after signing?)');
  }
};

/** `iss` is the token service whose key signed it (`00000001-…@<realm>`). */
export const checkActorIssuer: Step = (v) => {
  const iss = must(v.actor, 'actor').claims.iss;
  const issuer = must(v.issuer, 'issuer');
  if (iss !== issuer.issuer) throw refuse(v, 'S2S_ACTOR_ISSUER', `the actor token's iss ${JSON.stringify(iss)} is not the trusted token service ${issuer.issuer}`);
};

export const checkActorLifetime: Step = (v) => checkLifetime(v, 'actor', must(v.actor, 'actor').claims);

/** `nameid` is the calling application at this realm (`<appId>@<realm>`). */
export const checkActorNameId: Step = (v) => {
  const nameid = must(v.actor, 'actor').claims.nameid;
  const parts = typeof nameid === 'string' ? parsePrincipalAt(nameid) : undefined;
  if (!parts) throw refuse(v, 'S2S_ACTOR_NAMEID', `the actor token's nameid ${JSON.stringify(nameid)} is not <appId>@<realm>`);
  if (parts.realm !== v.policy.realm) throw refuse(v, 'S2S_ACTOR_NAMEID', `the actor token's nameid is at realm ${parts.realm}, not ${v.policy.realm}`);
};

export const checkActorAudience: Step = (v) => checkAudience(v, 'actor', must(v.actor, 'actor').claims);

/** Only an actor the token service marked `trustedfordelegation` may act for users. */
export const checkDelegation: Step = (v) => {
  if (!v.outer) return;
  const trusted = must(v.actor, 'actor').claims.trustedfordelegation;
  if (trusted !== 'true' && trusted !== true) throw refuse(v, 'S2S_ACTOR_NOT_DELEGATABLE', 'the actor token is not trustedfordelegation, so its application may not act for a user');
};

/** The outer `iss` equals the actor's `nameid`, case-sensitively. */
export const checkOuterIssuer: Step = (v) => {
  if (!v.outer) return;
  const iss = v.outer.claims.iss;
  const nameid = must(v.actor, 'actor').claims.nameid;
  if (iss !== nameid) throw refuse(v, 'S2S_OUTER_ISSUER_MISMATCH', `the outer token's iss ${JSON.stringify(iss)} is not the actor token's nameid ${JSON.stringify(nameid)} (compared case-sensitively)`);
};

export const checkOuterAudience: Step = (v) => {
  if (v.outer) checkAudience(v, 'outer', v.outer.claims);
};

export const checkOuterLifetime: Step = (v) => {
  if (v.outer) checkLifetime(v, 'outer', v.outer.claims);
};

/** The user acted for is named (`nameid`; `smtp` is how Exchange finds the mailbox). */
export const checkOuterUser: Step = (v) => {
  if (!v.outer) return;
  const { nameid, smtp } = v.outer.claims;
  if (typeof nameid !== 'string' || nameid === '' || typeof smtp !== 'string' || smtp === '') throw refuse(v, 'S2S_OUTER_USER_MISSING', 'the outer token does not name its user (nameid and smtp are required)');
};
