import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { certificateCatalogue, LAB_CA, UNTRUSTED_CA, type CertificateSpec } from './catalogue.ts';
import { issueCertificate, type KeyPair } from './issue.ts';

/**
 * The certificates directory (`certs/` locally, the `pki` volume in Docker):
 * `<name>.crt` and `<name>.key` per catalogue entry, plus `manifest.json` (no keys).
 * Generation is idempotent: a certificate is kept while it is signed by the current
 * issuer, carries the expected names and has more than 30 days left.
 */
export interface EnsureOptions {
  /** Certificate names to re-issue with a new key (the old pair is kept as `.previous`). */
  readonly rollover?: readonly string[];
  /** Re-issue everything, the lab CA included. */
  readonly regenerateAll?: boolean;
  readonly now?: Date;
}

export interface EnsureSummary {
  readonly created: string[];
  readonly kept: string[];
}

const renewBeforeMs = 30 * 24 * 60 * 60 * 1000;
const labCaSpec: CertificateSpec = {
  name: LAB_CA,
  commonName: 'hybrid-lab Root CA',
  usage: 'ca',
  dnsNames: [],
  issuer: 'self',
  validDays: 3650,
  purpose: 'the lab root CA: every TLS client trusts it and nothing else',
};

export function certificatePath(dir: string, name: string): string {
  return join(dir, `${name}.crt`);
}

export function loadKeyPair(dir: string, name: string): KeyPair {
  const certFile = certificatePath(dir, name);
  if (!existsSync(certFile)) throw new Error(`certificate ${name} is missing in ${dir}; run \`npm run pki\``);
  return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

/** The lab root CA certificate, the only trust anchor of every lab TLS client. */
export function loadLabCa(dir: string): string {
  return readFileSync(certificatePath(dir, LAB_CA), 'utf8');
}

function writeAtomically(file: string, content: string, mode: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

function store(dir: string, name: string, pair: KeyPair): void {
  const certFile = certificatePath(dir, name);
  if (existsSync(certFile)) {
    renameSync(certFile, join(dir, `${name}.previous.crt`));
    renameSync(join(dir, `${name}.key`), join(dir, `${name}.previous.key`));
  }
  writeAtomically(join(dir, `${name}.key`), pair.keyPem, 0o600);
  writeAtomically(certFile, pair.certPem, 0o644);
}

function sameNames(cert: X509Certificate, expected: readonly string[]): boolean {
  const actual = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4))
    .sort();
  return JSON.stringify(actual) === JSON.stringify([...expected].sort());
}

function isCurrent(dir: string, spec: CertificateSpec, issuer: KeyPair | undefined, now: Date): boolean {
  const file = certificatePath(dir, spec.name);
  if (!existsSync(file) || !existsSync(join(dir, `${spec.name}.key`))) return false;
  const cert = new X509Certificate(readFileSync(file));
  if (new Date(cert.validTo).getTime() - now.getTime() < renewBeforeMs) return false;
  if (issuer && !cert.verify(new X509Certificate(issuer.certPem).publicKey)) return false;
  return sameNames(cert, spec.dnsNames);
}

function issuerOf(spec: CertificateSpec, labCa: KeyPair, untrustedCa: KeyPair): KeyPair | undefined {
  if (spec.issuer === 'lab-ca') return labCa;
  if (spec.issuer === 'untrusted-ca') return untrustedCa;
  return undefined;
}

function ensureOne(dir: string, spec: CertificateSpec, issuer: KeyPair | undefined, force: boolean, now: Date, summary: EnsureSummary): KeyPair {
  if (!force && isCurrent(dir, spec, issuer, now)) {
    summary.kept.push(spec.name);
    return loadKeyPair(dir, spec.name);
  }
  const pair = issueCertificate({ ...spec, issuer, now });
  store(dir, spec.name, pair);
  summary.created.push(spec.name);
  return pair;
}

function fingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

function writeManifest(dir: string, specs: readonly CertificateSpec[]): void {
  const entries = specs.map((spec) => {
    const pem = readFileSync(certificatePath(dir, spec.name), 'utf8');
    const cert = new X509Certificate(pem);
    return { name: spec.name, purpose: spec.purpose, subject: cert.subject, issuer: cert.issuer, dnsNames: spec.dnsNames, notAfter: cert.validTo, sha256: fingerprint(pem) };
  });
  writeAtomically(join(dir, 'manifest.json'), `${JSON.stringify(entries, null, 2)}\n`, 0o644);
}

/** Creates whatever is missing, stale or asked to roll over; returns what it did. */
export function ensurePki(dir: string, options: EnsureOptions = {}): EnsureSummary {
  const now = options.now ?? new Date();
  const rollover = new Set(options.rollover ?? []);
  const unknown = [...rollover].filter((name) => name !== LAB_CA && !certificateCatalogue().some((spec) => spec.name === name));
  if (unknown.length) throw new TypeError(`unknown certificate(s): ${unknown.join(', ')}`);
  const summary: EnsureSummary = { created: [], kept: [] };
  const all = options.regenerateAll ?? false;
  const labCa = ensureOne(dir, labCaSpec, undefined, all || rollover.has(LAB_CA), now, summary);
  // A new lab CA invalidates every certificate it issued; isCurrent() notices by signature.
  const catalogue = certificateCatalogue();
  const untrustedSpec = catalogue.find((spec) => spec.name === UNTRUSTED_CA)!;
  const untrustedCa = ensureOne(dir, untrustedSpec, undefined, all || rollover.has(UNTRUSTED_CA), now, summary);
  for (const spec of catalogue) {
    if (spec.name === UNTRUSTED_CA) continue;
    ensureOne(dir, spec, issuerOf(spec, labCa, untrustedCa), all || rollover.has(spec.name), now, summary);
  }
  writeManifest(dir, [labCaSpec, ...catalogue]);
  return summary;
}
