import { thumbprint } from '../../shared/jwt/keys.ts';
import { issueDelegationToken } from '../../shared/dauth/delegation-token.ts';
import { offers } from '../../shared/dauth/namespaces.ts';
import { buildWsSecurityHeader } from '../../shared/dauth/ws-security-header.ts';
import type { MetadataFetcher } from '../../shared/partner-access/receiver-trust.ts';
import type { KeyPair } from '../../shared/pki/index.ts';
import { prepareKeyPair } from '../../shared/pki/key-objects.ts';
import { signRs256, unsignedJwt, type JsonObject } from '../../shared/s2s/compact-jwt.ts';
import { numericDateString } from '../../shared/s2s/numeric-date.ts';
import { exchangePrincipal, principalAt, resourcePrincipal, stsIssuer } from '../../shared/s2s/principals.ts';
import { buildStsMetadata } from '../../shared/s2s/sts-metadata.ts';
import { availabilityRequest } from './exchange-requests.ts';

/**
 * Partner tokens as the other Exchange and the lab's token services mint them, for the
 * receiving side's tests: S2S actor tokens signed with a given key (the STS's
 * signing/azure-auth-oauth-signing, or another to be refused) inside outer tokens, and
 * DAuth delegation tokens from shared/dauth's gateway functions placed in wsse:Security.
 */

/** A metadata fetcher serving azure-auth's ACS document for `realm` with the STS certificate; counts fetches. */
export function fakeStsMetadata(realm: string, stsCertificatePem: () => string): MetadataFetcher & { calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<unknown> => {
    calls.push(url);
    if (url !== `https://accounts.accesscontrol.windows.test/${realm}/metadata/json/1`) throw new Error(`unexpected metadata URL ${url}`);
    return JSON.parse(JSON.stringify(buildStsMetadata(realm, [stsCertificatePem()])));
  };
  return Object.assign(fetch, { calls });
}

export interface S2STokenOptions {
  readonly realm: string;
  /** The host the tokens are addressed to (the receiving Exchange). */
  readonly host: string;
  readonly smtp: string;
  readonly now: Date;
  /** The actor token's signer: the STS certificate, or another key to be refused. */
  readonly signer: KeyPair;
  /** Changes to the actor's claims; `undefined` removes a claim. */
  readonly actor?: JsonObject;
  readonly outer?: JsonObject;
  /** An unsigned (`alg: none`) actor instead of an RS256 one. */
  readonly unsignedActor?: boolean;
}

function withChanges(claims: JsonObject, changes: JsonObject = {}): JsonObject {
  const result = { ...claims, ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete result[name];
  return result;
}

/** An outer token for `smtp` (server-flows §1.5) carrying an actor token as the STS issues it (§1.4). */
export async function s2sToken(options: S2STokenOptions): Promise<string> {
  const seconds = options.now.getTime() / 1000;
  const app = principalAt(exchangePrincipal, options.realm);
  const audience = resourcePrincipal(exchangePrincipal, options.host, options.realm);
  const actorClaims = withChanges(
    { aud: audience, iss: stsIssuer(options.realm), nbf: numericDateString(new Date((seconds - 60) * 1000)), exp: numericDateString(new Date((seconds + 3600) * 1000)), nameid: app, trustedfordelegation: 'true', identityprovider: stsIssuer(options.realm) },
    options.actor,
  );
  const actor = options.unsignedActor ? unsignedJwt(actorClaims) : await signRs256(actorClaims, prepareKeyPair(options.signer).privateKey, { x5t: thumbprint(options.signer.certPem) });
  const outerClaims = withChanges(
    { aud: audience, iss: app, nbf: numericDateString(options.now), exp: numericDateString(new Date((seconds + 300) * 1000)), nameid: options.smtp, smtp: options.smtp, actortoken: actor },
    options.outer,
  );
  return unsignedJwt(outerClaims);
}

/** Flips one character of a compact JWT's claims part: "modified after signing". */
export function tamperActor(outerToken: string): string {
  const [header, claims] = outerToken.split('.') as [string, string];
  const outer = JSON.parse(Buffer.from(claims, 'base64url').toString()) as JsonObject;
  const [actorHeader, actorClaims, signature] = String(outer.actortoken).split('.') as [string, string, string];
  const decoded = JSON.parse(Buffer.from(actorClaims, 'base64url').toString()) as JsonObject;
  const modified = Buffer.from(JSON.stringify({ ...decoded, nameid: `${String(decoded.nameid)}x` })).toString('base64url');
  const changed = { ...outer, actortoken: `${actorHeader}.${modified}.${signature}` };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.`;
}

export interface DelegationOptions {
  /** Who signs the assertion: the gateway (signing/federation-gateway) or a key to be refused. */
  readonly gateway: KeyPair;
  /** Whom it is encrypted to: the receiving organization's federation certificate, or another's. */
  readonly targetCertificatePem: string;
  readonly audience: string;
  readonly requesterSmtp: string;
  /** When the gateway issued the token. */
  readonly issuedAt: Date;
  /** When the request is sent (its wsu:Timestamp). */
  readonly now: Date;
  readonly to: string;
  readonly addresses: readonly string[];
  readonly view?: string;
}

/** The encrypted delegation token the gateway would answer (server-flows §2.3). */
export async function delegationToken(options: Omit<DelegationOptions, 'to' | 'addresses' | 'now' | 'view'>): Promise<string> {
  const issued = await issueDelegationToken(
    { requesterSmtp: options.requesterSmtp, immutableId: 'a1b2c3d4-0000-4000-8000-000000000001', offer: offers.freeBusy },
    { audience: options.audience, gateway: options.gateway, targetCertificate: options.targetCertificatePem, now: options.issuedAt },
  );
  return issued.encryptedToken;
}

/** A GetUserAvailability request for `…/EWS/Exchange.asmx/WSSecurity` carrying `encryptedToken` in wsse:Security. */
export function wsSecurityAvailability(encryptedToken: string, options: Pick<DelegationOptions, 'to' | 'addresses' | 'now' | 'view'>): string {
  const header = buildWsSecurityHeader({ action: 'http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability', to: options.to, encryptedToken, now: options.now, soapPrefix: 's' });
  return availabilityRequest(options.addresses, options.view).replace('<s:Header>', `<s:Header>${header}`);
}
