import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { verifyJwt, type VerifyOptions } from '../../../../shared/jwt/verify.ts';
import type { ClientAccessSettings, OwaSettings } from '../config.ts';
import type { AzureAuthClient } from './azure-auth-client.ts';
import type { OwaUser } from './sessions.ts';

/**
 * The two tokens of an OWA sign-in, verified with `verifyJwt` against azure-auth's
 * published keys (security.md: RS256 pinned, keys from metadata only, issuer,
 * audience and expiry checked). A token naming a key the cache lacks triggers one
 * refetch of the JWKS: azure-auth may have rolled its key over.
 */
export const accessTokenHop = 'exchange-online ← azure-auth (access token)';
export const idTokenHop = 'exchange-online ← azure-auth (id_token)';

function refused(code: string, message: string, hop: string): LabError {
  return new LabError({ code, statusCode: 401, message, hop, wireCode: 'invalid_token' });
}

export async function verifyWithPublishedKeys(client: AzureAuthClient, token: string, options: Omit<VerifyOptions, 'keys'>): Promise<JWTPayload> {
  try {
    return await verifyJwt(token, { ...options, keys: await client.signingKeys() });
  } catch (error) {
    if (!(error instanceof LabError) || error.code !== 'TOKEN_UNKNOWN_KEY') throw error;
    return verifyJwt(token, { ...options, keys: await client.signingKeys({ refresh: true }) });
  }
}

/** The user an access token for Exchange Online names; its `upn` finds the mailbox. */
export async function verifyAccessToken(client: AzureAuthClient, settings: OwaSettings, token: string, now: Date): Promise<OwaUser> {
  const claims = await verifyWithPublishedKeys(client, token, { issuer: settings.issuer, audience: settings.resource, now, hop: accessTokenHop });
  if (typeof claims.upn !== 'string' || claims.upn === '') throw refused('TOKEN_CLAIM_UPN', 'the access token has no upn claim', accessTokenHop);
  if (typeof claims.oid !== 'string') throw refused('TOKEN_CLAIM_OID', 'the access token has no oid claim', accessTokenHop);
  return { upn: claims.upn, name: typeof claims.name === 'string' ? claims.name : claims.upn, objectId: claims.oid };
}

/**
 * An access token presented to EWS, ActiveSync or Autodiscover, or obtained for a Basic
 * user (docs/federation.md, F6 and F7): azure-auth's signature (keys from its published
 * metadata), its issuer, an audience naming Exchange Online (the application id or
 * https://outlook.office365.test), expiry, and the tenant (`tid`) this Exchange serves.
 * Returns the user and the token's expiry.
 */
export async function verifyClientAccessToken(
  client: AzureAuthClient,
  settings: ClientAccessSettings,
  token: string,
  now: Date,
  hop: string,
): Promise<OwaUser & { readonly expiresAt: Date | undefined }> {
  const claims = await verifyWithPublishedKeys(client, token, { issuer: settings.issuer, audience: settings.audiences, now, hop });
  if (claims.tid !== settings.tenantId) throw refused('TOKEN_CLAIM_TID', `the token is for tenant ${String(claims.tid)}, not ${settings.tenantId}`, hop);
  if (typeof claims.upn !== 'string' || claims.upn === '') throw refused('TOKEN_CLAIM_UPN', 'the access token has no upn claim', hop);
  if (typeof claims.oid !== 'string') throw refused('TOKEN_CLAIM_OID', 'the access token has no oid claim', hop);
  return { upn: claims.upn, name: typeof claims.name === 'string' ? claims.name : claims.upn, objectId: claims.oid, expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined };
}

/** OIDC Core §3.3.2.11: the left half of the SHA-256 of the code, base64url. */
function codeHash(code: string): string {
  return createHash('sha256').update(code).digest().subarray(0, 16).toString('base64url');
}

/**
 * The id_token must be azure-auth's answer to this browser's request: signed, for
 * OWA's client_id, carrying the nonce OWA sent (OIDC Core §3.2.2.11). When it binds
 * the code (`c_hash`) or names the user (`oid`), those must match the code posted
 * and the access token's user, so a code swapped in from another sign-in is refused.
 */
export async function verifyIdToken(
  client: AzureAuthClient,
  settings: OwaSettings,
  token: string,
  expected: { readonly nonce: string; readonly code: string; readonly user: OwaUser },
  now: Date,
): Promise<void> {
  const claims = await verifyWithPublishedKeys(client, token, { issuer: settings.issuer, audience: settings.clientId, now, hop: idTokenHop });
  if (claims.nonce !== expected.nonce) throw refused('TOKEN_NONCE', "the id_token's nonce is not the one OWA sent with this sign-in", idTokenHop);
  if (claims.c_hash !== undefined && claims.c_hash !== codeHash(expected.code)) throw refused('TOKEN_C_HASH', "the id_token's c_hash does not match the code posted with it", idTokenHop);
  if (claims.oid !== undefined && claims.oid !== expected.user.objectId) throw refused('TOKEN_SUBJECT', 'the id_token and the access token name different users', idTokenHop);
}
