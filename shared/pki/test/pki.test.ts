import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { containerNames, containers, publications } from '../../topology/index.ts';
import { certificateCatalogue, certificatePath, ensurePki, LAB_CA, tlsCertificateName, UNTRUSTED_CA, type EnsureSummary } from '../index.ts';

const dayMs = 24 * 60 * 60 * 1000;
/** One clock for the whole file: the first run issues at this instant, later runs move it forward. */
const issuedAt = new Date();
const later = (days: number): Date => new Date(issuedAt.getTime() + days * dayMs);

const catalogueNames = [LAB_CA, ...certificateCatalogue().map((spec) => spec.name)];
const labIssued = certificateCatalogue().filter((spec) => spec.issuer === 'lab-ca').map((spec) => spec.name);
const serviceContainers = containerNames.filter((container) => containers[container].kind === 'service');

let root: string;
let dir: string;
let firstRun: EnsureSummary;

const certOf = (base: string, name: string): X509Certificate => new X509Certificate(readFileSync(certificatePath(base, name)));
const pemOf = (base: string, name: string): string => readFileSync(certificatePath(base, name), 'utf8');
const sansOf = (cert: X509Certificate): string[] =>
  (cert.subjectAltName ?? '').split(', ').filter((entry) => entry.startsWith('DNS:')).map((entry) => entry.slice(4));

/** A copy of the freshly generated directory, for a test that changes it. */
function scratchCopy(label: string): string {
  const copy = join(root, label);
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function keyFiles(base: string): string[] {
  return readdirSync(base, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.key'));
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'hybrid-lab-pki-'));
  dir = join(root, 'certs');
  firstRun = ensurePki(dir, { now: issuedAt });
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('ensurePki on an empty directory', () => {
  it('creates the lab CA and every catalogue certificate, keeping none', () => {
    assert.deepEqual([...firstRun.created].sort(), [...catalogueNames].sort());
    assert.deepEqual(firstRun.kept, []);
  });

  it('issues TLS certificates that verify against the lab CA', () => {
    const ca = certOf(dir, LAB_CA);
    for (const container of serviceContainers) {
      const cert = certOf(dir, tlsCertificateName(container));
      assert.ok(cert.verify(ca.publicKey), container);
      assert.ok(cert.checkIssued(ca), container);
    }
  });

  it('gives each TLS certificate a SAN for its container name, every alias and every name published to it', () => {
    for (const container of serviceContainers) {
      const sans = sansOf(certOf(dir, tlsCertificateName(container)));
      const aliases = Object.values(containers[container].legs).flatMap((leg) => leg.aliases);
      const published = publications.filter((publication) => publication.backend === container).map((publication) => publication.host);
      for (const name of [container, ...aliases, ...published]) assert.ok(sans.includes(name), `${container} lacks ${name}`);
    }
  });

  it('lets wap answer for fs.contoso.test, the name the edge publishes to it', () => {
    assert.ok(sansOf(certOf(dir, 'tls/wap')).includes('fs.contoso.test'));
  });

  it('lets the edge answer for fs, mail, autodiscover and proxy.contoso.test', () => {
    const sans = sansOf(certOf(dir, 'tls/edge'));
    for (const name of ['fs.contoso.test', 'mail.contoso.test', 'autodiscover.contoso.test', 'proxy.contoso.test']) assert.ok(sans.includes(name), name);
  });

  it('self-signs the Exchange Auth certificates, as Exchange does', () => {
    const ca = certOf(dir, LAB_CA);
    for (const name of ['signing/exchange-onprem-auth', 'signing/exchange-online-auth']) {
      const cert = certOf(dir, name);
      assert.equal(cert.issuer, cert.subject, name);
      assert.ok(cert.verify(cert.publicKey), name);
      assert.equal(cert.verify(ca.publicKey), false, name);
    }
  });

  it('signs edge-inspection-untrusted with the untrusted CA, not the lab CA', () => {
    const cert = certOf(dir, 'signing/edge-inspection-untrusted');
    assert.equal(cert.verify(certOf(dir, LAB_CA).publicKey), false);
    assert.ok(cert.verify(certOf(dir, UNTRUSTED_CA).publicKey));
  });

  it('passes openssl verify against the lab CA for a TLS certificate (an independent oracle)', () => {
    const result = spawnSync('openssl', ['verify', '-CAfile', certificatePath(dir, LAB_CA), certificatePath(dir, 'tls/adfs')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /: OK$/m);
  });

  it('fails openssl verify against the lab CA for the untrusted inspection certificate', () => {
    const result = spawnSync('openssl', ['verify', '-CAfile', certificatePath(dir, LAB_CA), certificatePath(dir, 'signing/edge-inspection-untrusted')], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
  });

  it('writes every key file with mode 0600', () => {
    const keys = keyFiles(dir);
    assert.equal(keys.length, catalogueNames.length);
    for (const file of keys) assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600, file);
  });

  it('writes a manifest listing every certificate and no private key', () => {
    const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
    assert.doesNotMatch(manifest, /PRIVATE KEY/);
    const entries: { name: string }[] = JSON.parse(manifest);
    assert.deepEqual(entries.map((entry) => entry.name).sort(), [...catalogueNames].sort());
  });
});

describe('ensurePki on an existing directory', () => {
  it('keeps every certificate on a second run and creates none', () => {
    const before = pemOf(dir, 'tls/edge');
    const summary = ensurePki(dir, { now: later(1) });
    assert.deepEqual(summary.created, []);
    assert.deepEqual([...summary.kept].sort(), [...catalogueNames].sort());
    assert.equal(pemOf(dir, 'tls/edge'), before);
  });

  it('keeps a certificate with 31 days left', () => {
    const summary = ensurePki(dir, { now: later(730 - 31) });
    assert.deepEqual(summary.created, []);
  });

  it('re-issues every certificate with less than 30 days left, and only those', () => {
    const copy = scratchCopy('expiring');
    const summary = ensurePki(copy, { now: later(730 - 29) });
    assert.deepEqual([...summary.kept].sort(), [LAB_CA, UNTRUSTED_CA].sort());
    assert.equal(summary.created.length, catalogueNames.length - 2);
    assert.ok(new Date(certOf(copy, 'tls/adfs').validTo).getTime() > later(730 + 600).getTime());
  });

  it('rolls over only the named certificate, with a new key, keeping the old pair as .previous', () => {
    const name = 'signing/adfs-token-signing';
    const oldPem = pemOf(dir, name);
    const oldKey = readFileSync(join(dir, `${name}.key`), 'utf8');
    const untouched = pemOf(dir, 'signing/adfs-token-decrypting');
    const summary = ensurePki(dir, { rollover: [name], now: later(2) });
    assert.deepEqual(summary.created, [name]);
    assert.equal(readFileSync(join(dir, `${name}.previous.crt`), 'utf8'), oldPem);
    assert.equal(readFileSync(join(dir, `${name}.previous.key`), 'utf8'), oldKey);
    assert.notEqual(readFileSync(join(dir, `${name}.key`), 'utf8'), oldKey);
    assert.equal(certOf(dir, name).publicKey.equals(new X509Certificate(oldPem).publicKey), false);
    assert.equal(pemOf(dir, 'signing/adfs-token-decrypting'), untouched);
  });

  it('refuses to roll over a certificate the catalogue does not know, with a TypeError', () => {
    assert.throws(() => ensurePki(dir, { rollover: ['signing/no-such-cert'] }), (error: unknown) => error instanceof TypeError && /signing\/no-such-cert/.test(error.message));
  });

  it('re-issues everything the lab CA signed when the lab CA is replaced', () => {
    const copy = scratchCopy('new-ca');
    const oldCa = certOf(copy, LAB_CA);
    const summary = ensurePki(copy, { rollover: [LAB_CA], now: later(3) });
    assert.deepEqual([...summary.created].sort(), [LAB_CA, ...labIssued].sort());
    const newCa = certOf(copy, LAB_CA);
    assert.equal(newCa.publicKey.equals(oldCa.publicKey), false);
    for (const name of labIssued) {
      assert.ok(certOf(copy, name).verify(newCa.publicKey), name);
      assert.equal(certOf(copy, name).verify(oldCa.publicKey), false, name);
    }
  });
});

describe('certificate serial numbers', () => {
  it('are positive with a non-zero first byte, so the DER INTEGER is minimal even when the random bytes start with zeros', async () => {
    const { certificateSerial } = await import('../issue.ts');
    assert.equal(certificateSerial(Buffer.alloc(16, 0x00)), `40${'00'.repeat(15)}`);
    assert.equal(certificateSerial(Buffer.alloc(16, 0xff)), `7f${'ff'.repeat(15)}`);
  });
});
