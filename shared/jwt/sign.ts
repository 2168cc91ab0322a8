import { SignJWT, type JWTPayload } from 'jose';
import type { KeyPair } from '../pki/issue.ts';
import { prepareKeyPair } from '../pki/key-objects.ts';
import { thumbprint } from './keys.ts';

/** Signs claims as an RS256 JWT whose header names the certificate (`kid` = `x5t`), as Azure AD does. */
export async function signJwt(claims: JWTPayload, signer: KeyPair, options: { readonly lifetimeSeconds: number; readonly now?: Date }): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const x5t = thumbprint(signer.certPem);
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', x5t, kid: x5t })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + options.lifetimeSeconds)
    .sign(prepareKeyPair(signer).privateKey);
}
