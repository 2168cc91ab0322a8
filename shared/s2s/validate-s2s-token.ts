import type { JsonObject } from './compact-jwt.ts';
import { parseResourcePrincipal, type ResourceParts } from './principals.ts';
import { must, type ReceiverPolicy, type Validation } from './receiver-context.ts';
import * as steps from './receiver-steps.ts';

export type { ReceiverPolicy } from './receiver-context.ts';

/**
 * Validates an S2S OAuth token as its receiver must ([MS-XOAUTH] 3.2.5.6, server-flows
 * §1.6, security.md): either an outer token (`alg: none`) acting for a user with a
 * signed actor token inside, or a signed app-only token. The steps run in this order;
 * the first that fails throws a 401 S2SAuthError carrying the challenge pair of §1.1
 * and an `x-ms-diagnostics` header.
 */
export const receiverSteps: readonly (readonly [string, steps.Step])[] = [
  ['parseToken', steps.parseToken],
  ['separateOuterAndActor', steps.separateOuterAndActor],
  ['pinActorAlgorithm', steps.pinActorAlgorithm],
  ['refuseHeaderKeys', steps.refuseHeaderKeys],
  ['findTrustedKey', steps.findTrustedKey],
  ['verifyActorSignature', steps.verifyActorSignature],
  ['checkActorIssuer', steps.checkActorIssuer],
  ['checkActorLifetime', steps.checkActorLifetime],
  ['checkActorNameId', steps.checkActorNameId],
  ['checkActorAudience', steps.checkActorAudience],
  ['checkDelegation', steps.checkDelegation],
  ['checkOuterIssuer', steps.checkOuterIssuer],
  ['checkOuterAudience', steps.checkOuterAudience],
  ['checkOuterLifetime', steps.checkOuterLifetime],
  ['checkOuterUser', steps.checkOuterUser],
];

/** Who is calling, as the verified tokens say. */
export interface S2SCaller {
  /** The calling application at its realm (the actor's `nameid`, e.g. `00000002-…@<tenantId>`). */
  readonly application: string;
  /** What the token was addressed to (the outer `aud` when acting for a user, else the actor's). */
  readonly audience: ResourceParts;
  /** The user acted for; absent for an app-only token. */
  readonly user?: { readonly nameId: string; readonly smtp: string };
  readonly actorClaims: JsonObject;
  readonly outerClaims?: JsonObject;
}

export function validateS2SToken(token: string, policy: ReceiverPolicy): S2SCaller {
  const validation: Validation = { token, policy };
  for (const [, step] of receiverSteps) step(validation);
  const actor = must(validation.actor, 'actor').claims;
  const outer = validation.outer?.claims;
  const audience = parseResourcePrincipal(String((outer ?? actor).aud));
  return {
    application: String(actor.nameid),
    audience: must(audience, 'audience'),
    ...(outer ? { user: { nameId: String(outer.nameid), smtp: String(outer.smtp) }, outerClaims: outer } : {}),
    actorClaims: actor,
  };
}
