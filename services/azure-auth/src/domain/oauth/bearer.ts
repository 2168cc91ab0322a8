import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { verifyJwt } from '../../../../../shared/jwt/verify.ts';
import type { AzureAuthRuntime } from '../runtime.ts';
import type { DirectoryRole, UserRecord } from '../users.ts';
import { issuerOf } from './signing.ts';

/** What an API demands of its caller: a token for its resource, and a directory role. */
export interface BearerRequirement {
  readonly audiences: readonly string[];
  readonly role: DirectoryRole;
  /** Names the API in messages, e.g. `dirsync → adminwebservice`. */
  readonly hop: string;
}

function unauthorized(code: string, message: string, hop: string, error: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 401, message, hop, wireCode: 'invalid_token', cause, challenges: [`Bearer realm="azure-auth", error="${error}"`] });
}

/**
 * Verifies the Bearer token (our own, verified like any relying party would: RS256,
 * published keys, issuer, audience, expiry) and checks the caller's role in the
 * directory as it is now, not as the token remembers it.
 */
export async function authorizeBearer(runtime: AzureAuthRuntime, authorization: string | undefined, requirement: BearerRequirement): Promise<UserRecord> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized('TOKEN_MISSING', 'a Bearer token from the password grant is required', requirement.hop, 'invalid_request');
  const tenant = runtime.directory.tenant();
  let claims;
  try {
    claims = await verifyJwt(token, { keys: runtime.signing.keys, issuer: issuerOf(tenant.id), audience: requirement.audiences, now: runtime.config.clock(), hop: requirement.hop });
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw unauthorized(error.code, error.message, requirement.hop, 'invalid_token', error);
  }
  const user = typeof claims.oid === 'string' ? runtime.users.byObjectId(claims.oid) : undefined;
  if (!user || user.deletedAt !== null || !user.accountEnabled) throw unauthorized('CALLER_GONE', 'the token names a user who is no longer active', requirement.hop, 'invalid_token');
  if (!user.roles.includes(requirement.role)) {
    throw new LabError({ code: 'ACCESS_DENIED', statusCode: 403, hop: requirement.hop, message: `${user.userPrincipalName} does not hold the ${requirement.role} role this API requires` });
  }
  return user;
}
