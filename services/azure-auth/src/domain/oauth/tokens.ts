import { createHash } from 'node:crypto';
import { signJwt } from '../../../../../shared/jwt/sign.ts';
import type { Tenant } from '../tenant.ts';
import { roleTemplateIds, type UserRecord } from '../users.ts';
import { issuerOf, type TokenSigning } from './signing.ts';

/** Who a token is for and what it grants. */
export interface TokenSubject {
  readonly user: UserRecord;
  readonly tenant: Tenant;
  readonly clientId: string;
  readonly now: Date;
  readonly lifetimeSeconds: number;
  /** `amr`: how the user proved who they are; a password at azure-auth by default. */
  readonly authenticationMethods?: readonly string[];
}

const openIdScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

/** `scp`: the delegated permissions asked for, or `user_impersonation` when only OpenID scopes were. */
export function delegatedScopes(scope: string): string {
  const permissions = scope.split(/\s+/).filter((entry) => entry && !openIdScopes.has(entry));
  return permissions.length ? permissions.join(' ') : 'user_impersonation';
}

/** Entra's sub is pairwise: stable per user and application, useless across them (the same in v1 and v2 tokens). */
export function pairwiseSubject(objectId: string, clientId: string): string {
  return createHash('sha256').update(`${objectId}|${clientId}`).digest('base64url');
}

function userClaims(subject: TokenSubject): Record<string, unknown> {
  const { user, tenant } = subject;
  return {
    iss: issuerOf(tenant.id),
    tid: tenant.id,
    oid: user.objectId,
    sub: pairwiseSubject(user.objectId, subject.clientId),
    upn: user.userPrincipalName,
    unique_name: user.userPrincipalName,
    name: user.displayName,
    amr: subject.authenticationMethods ?? ['pwd'],
    ver: '1.0',
  };
}

/** A v1 access token (docs/identity.md, "Access-token claims"). `wids` lists the user's directory roles. */
export function issueAccessToken(signing: TokenSigning, subject: TokenSubject, resource: string, scope: string): Promise<string> {
  const claims = {
    ...userClaims(subject),
    aud: resource,
    appid: subject.clientId,
    appidacr: '0',
    scp: delegatedScopes(scope),
    wids: subject.user.roles.map((role) => roleTemplateIds[role]),
  };
  return signJwt(claims, signing.signer, { lifetimeSeconds: subject.lifetimeSeconds, now: subject.now });
}

/** OIDC Core §3.3.2.11: c_hash is the left half of the SHA-256 of the code, base64url. */
function codeHash(code: string): string {
  return createHash('sha256').update(code).digest().subarray(0, 16).toString('base64url');
}

/** An id_token for the client (`aud` = client_id) carrying the request's nonce. */
export function issueIdToken(signing: TokenSigning, subject: TokenSubject, options: { readonly nonce: string | null; readonly code?: string }): Promise<string> {
  const claims = {
    ...userClaims(subject),
    aud: subject.clientId,
    ...(options.nonce !== null ? { nonce: options.nonce } : {}),
    ...(options.code !== undefined ? { c_hash: codeHash(options.code) } : {}),
  };
  return signJwt(claims, signing.signer, { lifetimeSeconds: subject.lifetimeSeconds, now: subject.now });
}
