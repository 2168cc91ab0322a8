import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { jwkFromCertificate } from '../../../../../shared/jwt/keys.ts';
import { loadKeyPair, type KeyPair } from '../../../../../shared/pki/index.ts';

/** The OAuth signing certificate (docs/identity.md: `signing/azure-auth-oauth-signing`). */
export const oauthSigningCertificate = 'signing/azure-auth-oauth-signing';

export interface TokenSigning {
  readonly signer: KeyPair;
  /** Published keys: the current one, then the one it replaced while it may still verify tokens. */
  readonly keys: readonly JWK[];
}

export function loadTokenSigning(certsDir: string): TokenSigning {
  const signer = loadKeyPair(certsDir, oauthSigningCertificate);
  const previous = `${oauthSigningCertificate}.previous`;
  const keys = [jwkFromCertificate(signer.certPem)];
  if (existsSync(join(certsDir, `${previous}.crt`))) keys.push(jwkFromCertificate(loadKeyPair(certsDir, previous).certPem));
  return { signer, keys };
}

/** The v1 token issuer of a tenant (docs/identity.md). */
export function issuerOf(tenantId: string): string {
  return `https://sts.windows.test/${tenantId}/`;
}
