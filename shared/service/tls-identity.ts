import { createHash, X509Certificate } from 'node:crypto';
import { loadKeyPair, loadLabCa, tlsCertificateName, type KeyPair } from '../pki/index.ts';
import type { ContainerName } from '../topology/index.ts';

/** A service's TLS server identity and the lab CA it trusts. */
export interface TlsIdentity extends KeyPair {
  readonly ca: string;
}

export function loadTlsIdentity(certsDir: string, container: ContainerName): TlsIdentity {
  return { ...loadKeyPair(certsDir, tlsCertificateName(container)), ca: loadLabCa(certsDir) };
}

/** What `/_lab/state` shows of a certificate: never the key. */
export function describeCertificate(pem: string): Record<string, unknown> {
  const cert = new X509Certificate(pem);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    subjectAltName: cert.subjectAltName,
    notAfter: cert.validTo,
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
  };
}
