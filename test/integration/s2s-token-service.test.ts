import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { loadKeyPair } from '../../shared/pki/index.ts';
import { AppTokenCache } from '../../shared/s2s/app-token-cache.ts';
import { buildClientAssertion } from '../../shared/s2s/client-assertion.ts';
import { buildOuterToken } from '../../shared/s2s/outer-token.ts';
import { exchangePrincipal, resourcePrincipal } from '../../shared/s2s/principals.ts';
import { requestAppToken } from '../../shared/s2s/request-app-token.ts';
import { trustedIssuerFromMetadata } from '../../shared/s2s/sts-metadata.ts';
import { buildTokenRequestForm, stsMetadataUrl } from '../../shared/s2s/token-request.ts';
import { validateS2SToken } from '../../shared/s2s/validate-s2s-token.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * The S2S token service over real TLS on the local lab, from exchange-onprem's vantage:
 * corp, through the edge's forward proxy (server-flows §1.3, F10's token steps). The
 * admin registers the on-premises Auth certificate and SPNs first, as the wizard will.
 */
describe('the S2S token service from corp, through the edge proxy', () => {
  const tenantId = loadSeed().tenant.id;
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;
  let corp: LabHttpClient;

  async function adminToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: 'https://graph.microsoft.test', username: 'admin@contoso.onmicrosoft.test', password: 'Admin!Lab2026' });
    const response = await internet.request('https://login.microsoftonline.test/common/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    assert.equal(response.status, 200, response.body);
    return (JSON.parse(response.body) as { access_token: string }).access_token;
  }

  async function admin(path: string, token: string, body: unknown): Promise<void> {
    const url = `https://login.microsoftonline.test/${tenantId}/admin/servicePrincipals/${exchangePrincipal}/${path}`;
    const response = await internet.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200, response.body);
  }

  async function tokenForm(host: string): Promise<URLSearchParams> {
    const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId, signer: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth'), now: new Date() });
    return buildTokenRequestForm({ appId: exchangePrincipal, tenantId, clientAssertion: assertion, targetPrincipal: exchangePrincipal, targetHost: host });
  }

  before(async () => {
    lab = await startTestLab({ without: ['exchange-online', 'wap', 'adfs', 'dc', 'exchange-onprem', 'dirsync'] });
    internet = clientOn('internet', lab.certsDir);
    corp = clientOn('corp', lab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await corp?.close();
    await lab?.dispose();
  });

  it('refuses the on-premises Auth certificate before it is registered', async () => {
    await assert.rejects(requestAppToken(corp, tenantId, await tokenForm('outlook.office365.test'), { from: 'exchange-onprem' }), (error: Error & { code?: string; wireCode?: string }) => {
      assert.equal(error.code, 'S2S_TOKEN_REFUSED');
      assert.equal(error.wireCode, 'invalid_client');
      assert.match(error.message, /AADSTS700027.*The key was not found/);
      return true;
    });
  });

  it('issues an actor token once the certificate is registered, which a receiver trusting the metadata accepts', async () => {
    const token = await adminToken();
    const certificate = loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth').certPem.replace(/-----[^-]+-----|\s/g, '');
    await admin('keyCredentials', token, { type: 'AsymmetricX509Cert', usage: 'Verify', key: certificate });
    await admin('servicePrincipalNames', token, { servicePrincipalNames: ['https://mail.contoso.test/', 'https://autodiscover.contoso.test/'] });

    const cache = new AppTokenCache({ now: () => new Date() });
    const audience = resourcePrincipal(exchangePrincipal, 'outlook.office365.test', tenantId);
    let fetched = 0;
    const fetch = async () => {
      fetched++;
      return requestAppToken(corp, tenantId, await tokenForm('outlook.office365.test'), { from: 'exchange-onprem' });
    };
    const actor = await cache.get(audience, fetch);
    assert.equal(await cache.get(audience, fetch), actor);
    assert.equal(fetched, 1);

    const metadata = await corp.request(stsMetadataUrl(tenantId));
    assert.equal(metadata.status, 200, metadata.body);
    const policy = { trustedIssuers: [trustedIssuerFromMetadata(JSON.parse(metadata.body), tenantId)], trustedPrincipals: [exchangePrincipal], hostnames: ['outlook.office365.test'], realm: tenantId, now: new Date(), hop: 'exchange-onprem → outlook.office365.test (S2S OAuth)' };
    const outer = buildOuterToken({ appId: exchangePrincipal, realm: tenantId, targetPrincipal: exchangePrincipal, targetHost: 'outlook.office365.test', smtp: 'mary@contoso.test', actorToken: actor, now: new Date() });
    assert.equal(validateS2SToken(outer, policy).user?.smtp, 'mary@contoso.test');
    assert.throws(() => validateS2SToken(outer, { ...policy, hostnames: ['mail.contoso.test'] }), { code: 'S2S_AUDIENCE_HOST' });
  });

  it('refuses a resource host that is not a registered SPN, naming why', async () => {
    await assert.rejects(requestAppToken(corp, tenantId, await tokenForm('evil.fabrikam.test'), { from: 'exchange-onprem' }), /AADSTS500011.*prevents tokens for any arbitrary URL being requested/);
  });
});
