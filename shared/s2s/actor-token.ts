import type { KeyPair } from '../pki/issue.ts';
import { prepareKeyPair } from '../pki/key-objects.ts';
import { signRs256 } from './compact-jwt.ts';
import { numericDateString } from './numeric-date.ts';
import { stsIssuer } from './principals.ts';

/**
 * The actor (app) token the token service issues (server-flows §1.4, the example of
 * [MS-XOAUTH] 4.x; the tail is inferred): RS256 under the STS certificate named by `x5t`,
 * `aud` = the resource, `iss` = `identityprovider` = `00000001-…@<realm>`, `nameid` = the
 * client application at the realm, `trustedfordelegation` "true" (so the client may
 * build outer tokens for its users). Times are strings, as [MS-XOAUTH] 2.2 writes them.
 */
export interface ActorTokenInput {
  /** `<principal>/<host>@<realm>`, already checked against the principal's SPNs. */
  readonly resource: string;
  readonly realm: string;
  /** `<clientAppId>@<realm>`. */
  readonly client: string;
  readonly signer: KeyPair;
  readonly now: Date;
  readonly lifetimeSeconds: number;
}

export interface IssuedActorToken {
  readonly token: string;
  readonly notBefore: Date;
  readonly expiresOn: Date;
}

export async function issueActorToken(input: ActorTokenInput): Promise<IssuedActorToken> {
  const notBefore = new Date(Math.floor(input.now.getTime() / 1000) * 1000);
  const expiresOn = new Date(notBefore.getTime() + input.lifetimeSeconds * 1000);
  const claims = {
    aud: input.resource,
    iss: stsIssuer(input.realm),
    nbf: numericDateString(notBefore),
    exp: numericDateString(expiresOn),
    nameid: input.client,
    trustedfordelegation: 'true',
    identityprovider: stsIssuer(input.realm),
  };
  const signer = prepareKeyPair(input.signer);
  const token = await signRs256(claims, signer.privateKey, { x5t: signer.x5t });
  return { token, notBefore, expiresOn };
}
