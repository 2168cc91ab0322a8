import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { loadKeyPair } from '../../shared/pki/index.ts';
import type { startTestLab } from '../support/in-process-lab.ts';
import { clientOn } from '../support/in-process-lab.ts';
import { lab, startFederatedLab, tenantId } from '../support/identity.ts';
import { richClientLoop, wsTrustLoop, type SignInLoop } from '../support/sign-in-loop.ts';

/**
 * Flow F8's end (issue 4, acceptance 6): AD FS rolls its token-signing certificate over —
 * next → the cloud refreshes → promote → the cloud refreshes → finish → the cloud refreshes —
 * while Mary signs in from the internet (edge → WAP → AD FS) without a pause, in two ways:
 * `lab token`'s rich-client path, and WS-Trust by hand so each assertion's signer is seen.
 * Not one sign-in may fail. Then the outage the procedure avoids: AD FS promoting before the
 * cloud learned the certificate, and how the domain recovers.
 */
interface Shown {
  rows: { property: string; adfs: string | null; cloud: string | null; match: boolean }[];
  findings: string[];
  signingCertificateUpdateStatus: { certificateUpdateResult: string; detail: string } | null;
}

const mary = { tenantId, username: 'mary@contoso.test', password: 'Mary!Lab2026' };
const thumbprintOf = (pem: string): string => new X509Certificate(pem).fingerprint.replaceAll(':', '');

describe('F8: token-signing certificate rollover', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;

  before(async () => {
    ({ testLab, env } = await startFederatedLab());
  });
  after(async () => {
    await testLab?.dispose();
  });

  async function show(): Promise<{ code: number; shown: Shown; text: string }> {
    const json = await lab(['federation', 'show', 'contoso.test', '--as', 'corp', '--json'], env);
    const text = await lab(['federation', 'show', 'contoso.test', '--as', 'corp'], env);
    assert.equal(text.code, json.code);
    return { code: json.code, shown: JSON.parse(json.stdout) as Shown, text: text.stdout };
  }

  const certificateRows = (shown: Shown) => Object.fromEntries(shown.rows.filter((row) => row.property.endsWith('SigningCertificate')).map((row) => [row.property, [row.adfs, row.cloud]]));

  async function run(args: string[]): Promise<string> {
    const result = await lab([...args, '--as', 'corp'], env);
    assert.equal(result.code, 0, `lab ${args.join(' ')}: ${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  describe('done in order, with sign-ins running all along', () => {
    let richClient: SignInLoop;
    let wsTrust: SignInLoop;
    let internet: ReturnType<typeof clientOn>;
    let original: string;
    let next: string;
    const phaseStarts: Record<string, number> = {};

    before(() => {
      internet = clientOn('internet', testLab.certsDir);
      richClient = richClientLoop(internet, mary);
      wsTrust = wsTrustLoop(internet, mary);
      original = thumbprintOf(loadKeyPair(testLab.certsDir, 'signing/adfs-token-signing').certPem);
    });
    after(async () => {
      await Promise.all([richClient?.stop(), wsTrust?.stop()]);
      await internet?.close();
    });

    /** Each step happens only after both loops signed in again since the last one. */
    async function signInsContinue(): Promise<void> {
      await Promise.all([richClient.further(3), wsTrust.further(3)]);
    }

    it('before: both sides agree on every property, the catalogue certificate on both sides', async (t) => {
      await signInsContinue();
      const { code, shown, text } = await show();
      t.diagnostic(`lab federation show contoso.test, before:\n${text}`);
      assert.equal(code, 0, text);
      assert.deepEqual(certificateRows(shown), { SigningCertificate: [original, original], NextSigningCertificate: [null, null] });
      assert.deepEqual(shown.findings, []);
      assert.doesNotMatch(text, /MISMATCH/);
    });

    it('next: AD FS publishes a new certificate; show flags that the cloud has not learned it; a refresh teaches it', async (t) => {
      phaseStarts.next = Date.now();
      const listed = JSON.parse(await run(['adfs', 'rollover', '--json'])) as { certificates: { role: string; thumbprint: string }[] };
      assert.deepEqual(listed.certificates.map((certificate) => certificate.role), ['primary', 'next']);
      next = listed.certificates[1]!.thumbprint;
      const during = await show();
      t.diagnostic(`after lab adfs rollover (next), before the cloud refreshed:\n${during.text}`);
      assert.equal(during.code, 1);
      assert.deepEqual(certificateRows(during.shown), { SigningCertificate: [original, original], NextSigningCertificate: [next, null] });
      assert.match(during.shown.findings.join('\n'), new RegExp(`AD FS publishes ${next} beside its primary, which the cloud has not learned yet`));
      await signInsContinue();
      const refreshed = await run(['federation', 'refresh', 'contoso.test']);
      assert.match(refreshed, new RegExp(`success — learned NextSigningCertificate ${next}`));
      const learned = await show();
      assert.equal(learned.code, 0, learned.text);
      assert.deepEqual(certificateRows(learned.shown), { SigningCertificate: [original, original], NextSigningCertificate: [next, next] });
      await signInsContinue();
    });

    it('promote: AD FS signs with the new certificate, which the cloud already trusts; a refresh makes it SigningCertificate', async () => {
      phaseStarts.promote = Date.now();
      await run(['adfs', 'rollover', '--phase', 'promote']);
      await signInsContinue();
      const refreshed = await run(['federation', 'refresh', 'contoso.test']);
      assert.match(refreshed, new RegExp(`promoted NextSigningCertificate ${next} to SigningCertificate`));
      const { code, shown, text } = await show();
      assert.equal(code, 0, text);
      assert.deepEqual(certificateRows(shown), { SigningCertificate: [next, next], NextSigningCertificate: [original, original] });
      await signInsContinue();
    });

    it('finish: AD FS stops publishing the old certificate; a refresh drops it from the cloud', async () => {
      phaseStarts.finish = Date.now();
      await run(['adfs', 'rollover', '--phase', 'finish']);
      await signInsContinue();
      const refreshed = await run(['federation', 'refresh', 'contoso.test']);
      assert.match(refreshed, new RegExp(`dropped ${original}, which AD FS no longer publishes`));
      await signInsContinue();
    });

    it('after: the new thumbprint on both sides, nothing flagged, the last check successful', async (t) => {
      const { code, shown, text } = await show();
      t.diagnostic(`lab federation show contoso.test, after:\n${text}`);
      assert.equal(code, 0, text);
      assert.deepEqual(certificateRows(shown), { SigningCertificate: [next, next], NextSigningCertificate: [null, null] });
      assert.deepEqual(shown.findings, []);
      assert.equal(shown.signingCertificateUpdateStatus?.certificateUpdateResult, 'success');
      assert.doesNotMatch(text, /MISMATCH|!!/);
      assert.equal(text.split(next).length - 1, 2, 'the new thumbprint once per side');
    });

    it('not one sign-in failed, and the assertions were signed by the old certificate, then by the new one', async (t) => {
      await Promise.all([richClient.stop(), wsTrust.stop()]);
      const failures = [...richClient.records, ...wsTrust.records].filter((record) => !record.ok);
      t.diagnostic(`${richClient.records.length} rich-client and ${wsTrust.records.length} WS-Trust sign-ins during the rollover`);
      assert.deepEqual(failures, []);
      const signers = wsTrust.records.map((record) => record.signer);
      const lastOld = signers.lastIndexOf(original);
      const firstNew = signers.indexOf(next);
      assert.ok(lastOld >= 0 && firstNew > lastOld, `old then new: ${signers.join(' ')}`);
      assert.ok(signers.every((signer) => signer === original || signer === next));
      assert.ok(wsTrust.records.filter((record) => record.at < phaseStarts.promote!).every((record) => record.signer === original), 'only the old certificate signed before promotion');
      assert.ok(wsTrust.records.filter((record) => record.at > phaseStarts.finish!).every((record) => record.signer === next), 'only the new one after');
    });
  });

  describe('promoted before the cloud learned the certificate: the outage the procedure avoids', () => {
    let current: string;
    let early: string;

    it('AD FS publishes and at once promotes a new certificate, without a refresh in between', async () => {
      const before = JSON.parse(await run(['adfs', 'certificates', '--json'])) as { certificates: { thumbprint: string }[] };
      current = before.certificates[0]!.thumbprint;
      early = (JSON.parse(await run(['adfs', 'rollover', '--json'])) as { certificates: { thumbprint: string }[] }).certificates[1]!.thumbprint;
      await run(['adfs', 'rollover', '--phase', 'promote']);
    });

    it('sign-ins fail with AADSTS50008, naming the certificate used and the ones trusted', async () => {
      const token = await lab(['token', '--user', mary.username, '--password', mary.password, '--as', 'internet'], env);
      assert.equal(token.code, 1);
      assert.match(token.stderr, new RegExp(`AADSTS50008: Unable to verify token signature\\. .*signed with certificate ${early}, but contoso\\.test trusts SigningCertificate ${current} \\(no NextSigningCertificate\\)`));
    });

    it('lab federation show names the outage', async () => {
      const { code, shown } = await show();
      assert.equal(code, 1);
      assert.match(shown.findings.join('\n'), new RegExp(`AD FS signs tokens with ${early}, which the cloud does not trust: federated sign-ins fail with AADSTS50008`));
    });

    it('a metadata refresh cannot fix it: the metadata is signed by a certificate the cloud does not trust, so it changes nothing', async () => {
      const refreshed = await lab(['federation', 'refresh', 'contoso.test', '--as', 'corp'], env);
      assert.equal(refreshed.code, 1);
      assert.match(refreshed.stderr, new RegExp(`METADATA_UNTRUSTED_SIGNATURE: the federation metadata's signature does not verify with SigningCertificate ${current}`));
      const { shown } = await show();
      assert.deepEqual(certificateRows(shown).SigningCertificate, [early, current]);
      assert.equal(shown.signingCertificateUpdateStatus?.certificateUpdateResult, 'noValidExistingCertFound');
    });

    it('the administrator registers AD FS again (lab federate, as Update-MsolFederatedDomain), and sign-ins work', async () => {
      await run(['federate', 'contoso.test']);
      const token = await lab(['token', '--user', mary.username, '--password', mary.password, '--as', 'internet'], env);
      assert.equal(token.code, 0, token.stderr);
      const { code, shown, text } = await show();
      assert.equal(code, 0, text);
      assert.deepEqual(certificateRows(shown), { SigningCertificate: [early, early], NextSigningCertificate: [current, current] });
    });

    it('from there the cloud follows by refresh again: finish, refresh, and both sides hold the one certificate', async () => {
      await run(['adfs', 'rollover', '--phase', 'finish']);
      await run(['federation', 'refresh', 'contoso.test']);
      const { code, shown, text } = await show();
      assert.equal(code, 0, text);
      assert.deepEqual(certificateRows(shown), { SigningCertificate: [early, early], NextSigningCertificate: [null, null] });
    });
  });
});
