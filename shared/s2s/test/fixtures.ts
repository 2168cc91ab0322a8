import { createHmac, createPublicKey } from 'node:crypto';
import { thumbprint } from '../../jwt/keys.ts';
import { issueCertificate, type KeyPair } from '../../pki/issue.ts';
import { prepareKeyPair } from '../../pki/key-objects.ts';
import { issueActorToken } from '../actor-token.ts';
import { signRs256, unsignedJwt, type JsonObject } from '../compact-jwt.ts';
import { buildOuterToken } from '../outer-token.ts';
import { exchangePrincipal, principalAt, resourcePrincipal, stsIssuer } from '../principals.ts';
import { buildStsMetadata, trustedIssuerFromMetadata } from '../sts-metadata.ts';
import type { ReceiverPolicy } from '../validate-s2s-token.ts';

/** Generated certificates (never pasted, style.md §9) and the tokens the tests tamper with. */
export const realm = '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60';
export const now = new Date('2026-03-02T10:00:00Z');
export const sts: KeyPair = issueCertificate({ commonName: 'accounts.accesscontrol.windows.test', usage: 'signing', validDays: 30 });
export const attacker: KeyPair = issueCertificate({ commonName: 'Microsoft Exchange Server Auth Certificate', usage: 'signing', validDays: 30 });
export const exchangeApp = principalAt(exchangePrincipal, realm);
export const ewsResource = resourcePrincipal(exchangePrincipal, 'mail.contoso.test', realm);

export function policy(overrides: Partial<ReceiverPolicy> = {}): ReceiverPolicy {
  return {
    trustedIssuers: [trustedIssuerFromMetadata(JSON.parse(JSON.stringify(buildStsMetadata(realm, [sts.certPem]))), realm)],
    trustedPrincipals: [exchangePrincipal],
    hostnames: ['mail.contoso.test', 'autodiscover.contoso.test'],
    realm,
    now,
    hop: 'exchange-online → mail.contoso.test EWS (S2S OAuth)',
    ...overrides,
  };
}

export async function actorToken(options: { resource?: string; at?: Date } = {}): Promise<string> {
  return (await issueActorToken({ resource: options.resource ?? ewsResource, realm, client: exchangeApp, signer: sts, now: options.at ?? now, lifetimeSeconds: 3600 })).token;
}

/** Actor claims as the STS writes them, with changes, signed by `signer` (default: the STS). */
export function signedActor(changes: JsonObject = {}, signer: KeyPair = sts, header: JsonObject = {}): Promise<string> {
  const claims: JsonObject = { aud: ewsResource, iss: stsIssuer(realm), nbf: String(now.getTime() / 1000 - 60), exp: String(now.getTime() / 1000 + 3600), nameid: exchangeApp, trustedfordelegation: 'true', identityprovider: stsIssuer(realm), ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete claims[name];
  return signRs256(claims, prepareKeyPair(signer).privateKey, { x5t: thumbprintOf(signer), ...header });
}

export function outer(actor: string, changes: JsonObject = {}): string {
  const token = buildOuterToken({ appId: exchangePrincipal, realm, targetPrincipal: exchangePrincipal, targetHost: 'mail.contoso.test', smtp: 'mary@contoso.test', actorToken: actor, now });
  if (Object.keys(changes).length === 0) return token;
  const claims = { ...(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as JsonObject), ...changes };
  return unsignedJwt(claims);
}

/** RFC 8725 §3.1's confusion: HS256 keyed with the STS's public key, as a naive verifier would check it. */
export function hs256WithPublicKey(claims: JsonObject): string {
  const encode = (value: JsonObject): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ typ: 'JWT', alg: 'HS256', x5t: thumbprintOf(sts) })}.${encode(claims)}`;
  const secret = createPublicKey(sts.certPem).export({ type: 'spki', format: 'pem' });
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function thumbprintOf(pair: KeyPair): string {
  return thumbprint(pair.certPem);
}
