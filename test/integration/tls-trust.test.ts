import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:https';
import { LabError } from '../../shared/errors/lab-error.ts';
import { issueCertificate, loadKeyPair, LAB_CA, UNTRUSTED_CA } from '../../shared/pki/index.ts';
import { closeServers } from '../../shared/service/listen.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { clientOn, impostor, startTestLab } from '../support/in-process-lab.ts';

/**
 * Acceptance 3 of the foundation: every TLS client in the lab (the shared client
 * going direct, the same client through the edge's CONNECT tunnel, and the edge
 * re-encrypting to a published backend) refuses a certificate from another CA and a
 * lab certificate for the wrong host name.
 */
describe('every lab TLS client trusts only the lab CA and checks the host name', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let servers: Server[] = [];
  let fromAnotherCa: { certPem: string; keyPem: string };
  let wrongName: { certPem: string; keyPem: string };

  before(async () => {
    // azure-auth and wap are left out: impostors take their addresses.
    lab = await startTestLab({ without: ['azure-auth', 'wap'] });
    const untrusted = loadKeyPair(lab.certsDir, UNTRUSTED_CA);
    const labCa = loadKeyPair(lab.certsDir, LAB_CA);
    fromAnotherCa = issueCertificate({ commonName: 'impostor', usage: 'tls-server', dnsNames: ['login.microsoftonline.test', 'fs.contoso.test'], validDays: 30, issuer: untrusted });
    wrongName = issueCertificate({ commonName: 'impostor', usage: 'tls-server', dnsNames: ['wrong.contoso.test'], validDays: 30, issuer: labCa });
  });
  after(async () => {
    await closeServers(servers);
    await lab?.dispose();
  });

  async function impersonate(address: string, pair: { certPem: string; keyPem: string }): Promise<void> {
    await closeServers(servers);
    servers = [await impostor(address, pair.certPem, pair.keyPem)];
  }

  const azureAuth = () => addressOf('azure-auth', 'internet', localPlan);
  const wapPerimeter = () => addressOf('wap', 'perimeter', localPlan);

  async function refusedWith(network: 'internet' | 'corp', url: string, code: string): Promise<void> {
    const client = clientOn(network, lab.certsDir);
    try {
      await assert.rejects(client.request(url), (error: unknown) => {
        assert.ok(error instanceof LabError);
        assert.equal(error.code, code);
        assert.match(error.hop ?? '', /→/);
        return true;
      });
    } finally {
      await client.close();
    }
  }

  it('a direct call refuses a server certificate issued by another CA', async () => {
    await impersonate(azureAuth(), fromAnotherCa);
    await refusedWith('internet', 'https://login.microsoftonline.test/_lab/health', 'TLS_UNTRUSTED');
  });

  it('a direct call refuses a lab certificate issued for another host name', async () => {
    await impersonate(azureAuth(), wrongName);
    await refusedWith('internet', 'https://login.microsoftonline.test/_lab/health', 'TLS_HOSTNAME');
  });

  it('a call through the corp proxy verifies the far end itself, end to end', async () => {
    await impersonate(azureAuth(), fromAnotherCa);
    await refusedWith('corp', 'https://login.microsoftonline.test/_lab/health', 'TLS_UNTRUSTED');
    await impersonate(azureAuth(), wrongName);
    await refusedWith('corp', 'https://login.microsoftonline.test/_lab/health', 'TLS_HOSTNAME');
  });

  it('the edge refuses to publish a backend whose certificate is from another CA', async () => {
    await impersonate(wapPerimeter(), fromAnotherCa);
    const client = clientOn('internet', lab.certsDir);
    const response = await client.request('https://fs.contoso.test/_lab/health');
    await client.close();
    assert.equal(response.status, 502);
    assert.match(response.body, /UPSTREAM_TLS_UNTRUSTED: the certificate of fs\.contoso\.test is not issued by the lab CA.*\(hop: edge → wap\)/);
  });

  it('the edge refuses to publish a backend whose certificate names another host', async () => {
    await impersonate(wapPerimeter(), wrongName);
    const client = clientOn('internet', lab.certsDir);
    const response = await client.request('https://fs.contoso.test/_lab/health');
    await client.close();
    assert.equal(response.status, 502);
    assert.match(response.body, /UPSTREAM_TLS_HOSTNAME: the certificate presented for fs\.contoso\.test does not name it \(hop: edge → wap\)/);
  });
});
