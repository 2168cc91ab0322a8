import type { KeyPair } from '../pki/issue.ts';
import { prepareKeyPair } from '../pki/key-objects.ts';
import { signRs256 } from './compact-jwt.ts';
import { numericDateString } from './numeric-date.ts';
import { principalAt, stsAssertionAudience } from './principals.ts';

/**
 * The self-signed client assertion a server sends the token service ([MS-XOAUTH]
 * 3.2.5.2, server-flows §1.2): RS256 with the organization's Exchange Auth
 * certificate, named in the header by `x5t` (base64url SHA-1 of the DER), addressed to
 * `00000001-…/accounts.accesscontrol.windows.test@<tenantId>`, with `iss` = `nameid`
 * = `<appId>@<tenantId>`. Times are strings as [MS-XOAUTH] 2.2 writes them.
 */
export interface ClientAssertionInput {
  readonly appId: string;
  readonly tenantId: string;
  /** The Exchange Auth certificate and its private key. */
  readonly signer: KeyPair;
  readonly now: Date;
  /** Default 600 s, a lab choice: the assertion is used at once, so a short life limits replay. */
  readonly lifetimeSeconds?: number;
}

export function buildClientAssertion(input: ClientAssertionInput): Promise<string> {
  const nbf = input.now;
  const exp = new Date(nbf.getTime() + (input.lifetimeSeconds ?? 600) * 1000);
  const client = principalAt(input.appId, input.tenantId);
  const claims = { aud: stsAssertionAudience(input.tenantId), iss: client, nameid: client, nbf: numericDateString(nbf), exp: numericDateString(exp) };
  const signer = prepareKeyPair(input.signer);
  return signRs256(claims, signer.privateKey, { x5t: signer.x5t });
}
