import { signJwt } from '../../../../../shared/jwt/sign.ts';
import type { TokenSigning } from './signing.ts';
import { pairwiseSubject, type TokenSubject } from './tokens.ts';

/**
 * What the v2.0 endpoint adds to the v1 tokens (Microsoft identity platform "ID token
 * claims reference", "client_info"): a v2 id_token and the client_info blob MSAL keys
 * its account cache by. Access tokens for Exchange Online stay v1 tokens, as a resource's
 * accepted token version, not the endpoint, decides their format.
 */

/** The v2.0 issuer of a tenant: `https://login.microsoftonline.test/<tid>/v2.0`. */
export function v2IssuerOf(tenantId: string): string {
  return `https://login.microsoftonline.test/${tenantId}/v2.0`;
}

/** A v2.0 id_token: `preferred_username` instead of `upn`, `ver` 2.0, for the client (`aud` = client_id). */
export function issueV2IdToken(signing: TokenSigning, subject: TokenSubject): Promise<string> {
  const { user, tenant } = subject;
  const claims = {
    iss: v2IssuerOf(tenant.id),
    aud: subject.clientId,
    tid: tenant.id,
    oid: user.objectId,
    sub: pairwiseSubject(user.objectId, subject.clientId),
    name: user.displayName,
    preferred_username: user.userPrincipalName,
    ver: '2.0',
  };
  return signJwt(claims, signing.signer, { lifetimeSeconds: subject.lifetimeSeconds, now: subject.now });
}

/** `client_info`: base64url JSON `{uid, utid}`, the user's object id and home tenant, returned when the request says `client_info=1`. */
export function clientInfoOf(subject: TokenSubject): string {
  return Buffer.from(JSON.stringify({ uid: subject.user.objectId, utid: subject.tenant.id })).toString('base64url');
}
