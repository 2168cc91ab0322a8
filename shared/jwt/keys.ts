import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * Signing keys as Azure AD publishes them: `kid` and `x5t` are the base64url SHA-1
 * thumbprint of the certificate, `x5c` the certificate itself (RFC 7517 §4.7–4.8).
 */
export function thumbprint(certPem: string): string {
  return createHash('sha1').update(new X509Certificate(certPem).raw).digest('base64url');
}

export function jwkFromCertificate(certPem: string): JWK {
  const certificate = new X509Certificate(certPem);
  const jwk = createPublicKey(certPem).export({ format: 'jwk' }) as JWK;
  const x5t = thumbprint(certPem);
  return { kty: jwk.kty, n: jwk.n, e: jwk.e, use: 'sig', alg: 'RS256', kid: x5t, x5t, x5c: [certificate.raw.toString('base64')] };
}
