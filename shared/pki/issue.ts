import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, both PEM. */
export interface KeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What a certificate is for; decides its key usages. */
export type CertificateUsage = 'ca' | 'tls-server' | 'tls-client' | 'signing' | 'encryption';

export interface CertificateRequest {
  readonly commonName: string;
  readonly usage: CertificateUsage;
  /** DNS subject alternative names (TLS server certificates). */
  readonly dnsNames?: readonly string[];
  readonly validDays: number;
  /** The issuer; omitted for a self-signed certificate. */
  readonly issuer?: KeyPair;
  /** Clock for tests; defaults to now. */
  readonly now?: Date;
}

const organization = 'hybrid-lab';

function newKey(): { privatePem: string; publicPem: string } {
  // Native key generation: node-forge's pure-JS RSA keygen takes seconds per key.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function extensionsFor(request: CertificateRequest): object[] {
  const usage = request.usage;
  const extensions: object[] = [{ name: 'subjectKeyIdentifier' }];
  if (usage === 'ca') {
    extensions.push({ name: 'basicConstraints', cA: true, critical: true });
    extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true });
    return extensions;
  }
  extensions.push({ name: 'basicConstraints', cA: false, critical: true });
  if (usage === 'tls-server') {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
  } else if (usage === 'tls-client') {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: 'extKeyUsage', clientAuth: true });
  } else if (usage === 'signing') {
    extensions.push({ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true });
  } else {
    extensions.push({ name: 'keyUsage', keyEncipherment: true, dataEncipherment: true, critical: true });
  }
  if (request.dnsNames?.length) {
    extensions.push({ name: 'subjectAltName', altNames: request.dnsNames.map((value) => ({ type: 2, value })) });
  }
  return extensions;
}

/** Issues (or self-signs) an X.509 v3 certificate with a fresh RSA-2048 key, signed with SHA-256. */
export function issueCertificate(request: CertificateRequest): KeyPair {
  const key = newKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicPem);
  cert.serialNumber = certificateSerial(randomBytes(16));
  const now = request.now ?? new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + request.validDays * 24 * 60 * 60 * 1000);
  const subject = [
    { name: 'commonName', value: request.commonName },
    { name: 'organizationName', value: organization },
  ];
  cert.setSubject(subject);

  let signingKey = forge.pki.privateKeyFromPem(key.privatePem);
  if (request.issuer) {
    const issuerCert = forge.pki.certificateFromPem(request.issuer.certPem);
    cert.setIssuer(issuerCert.subject.attributes);
    signingKey = forge.pki.privateKeyFromPem(request.issuer.keyPem);
    cert.setExtensions([...extensionsFor(request), { name: 'authorityKeyIdentifier', keyIdentifier: issuerCert.generateSubjectKeyIdentifier().getBytes() }]);
  } else {
    cert.setIssuer(subject);
    cert.setExtensions(extensionsFor(request));
  }
  cert.sign(signingKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.privatePem };
}

/**
 * A positive 128-bit serial (RFC 5280 §4.1.2.2) from 16 random bytes, as hex: the top bit
 * cleared and the next one set, so the first byte is never 0x00 — node-forge writes the hex
 * as given, and a leading zero byte before one below 0x80 is a non-minimal DER INTEGER
 * that OpenSSL refuses (ERR_OSSL_ASN1_ILLEGAL_PADDING): about one certificate in 256.
 */
export function certificateSerial(random: Buffer): string {
  const serial = Buffer.from(random.subarray(0, 16));
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial.toString('hex');
}
