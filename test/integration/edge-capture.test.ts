import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';
import { processDelegationTokenRequest } from '../../shared/dauth/gateway.ts';
import { extractEncryptedToken } from '../../shared/dauth/rstr.ts';
import { buildWsSecurityHeader } from '../../shared/dauth/ws-security-header.ts';
import { directory, endpoint, keys, now as dauthNow, request as delegationTokenRequest } from '../../shared/dauth/test/support.ts';
import { labDay } from '../../shared/mailbox/index.ts';
import { issueCertificate } from '../../shared/pki/index.ts';
import { buildOuterToken, exchangePrincipal, issueActorToken, principalAt, resourcePrincipal } from '../../shared/s2s/index.ts';
import { edgeCapture } from '../support/edge-capture.ts';
import { availabilityRequest, ns, texts } from '../support/exchange-requests.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * The edge's capture (LAB_EDGE_CAPTURE) on the local lab: from the internet, requests go
 * through the edge to https://mail.contoso.test/EWS/…, and corp reads at the edge what
 * crossed it — Basic's password in clear, an S2S OAuth token's user, and a DAuth token
 * as EncryptedData that names no one (seed 003's contrast).
 */
const ews = 'https://mail.contoso.test/EWS/Exchange.asmx';
const mary = `Basic ${Buffer.from('mary@contoso.test:Mary!Lab2026').toString('base64')}`;
const internetAddress = '127.18.0.66';
const realm = '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60';

/** An S2S outer token for mary@contoso.test around an actor token signed by a key the lab does not trust: readable, not valid. */
async function outerToken(): Promise<string> {
  const signer = issueCertificate({ commonName: 'accounts.accesscontrol.windows.test', usage: 'signing', validDays: 1 });
  const resource = resourcePrincipal(exchangePrincipal, 'mail.contoso.test', realm);
  const now = new Date();
  const actor = await issueActorToken({ resource, realm, client: principalAt(exchangePrincipal, realm), signer, now, lifetimeSeconds: 600 });
  return buildOuterToken({ appId: exchangePrincipal, realm, targetPrincipal: exchangePrincipal, targetHost: 'mail.contoso.test', smtp: 'mary@contoso.test', actorToken: actor.token, now });
}

/** A GetUserAvailability as a partner Exchange sends it with DAuth: the delegation token for mary@contoso.test in wsse:Security. */
async function dauthAvailability(): Promise<string> {
  const answer = await processDelegationTokenRequest(await delegationTokenRequest(), { gateway: keys.gateway, endpoint, directory: directory(), now: dauthNow });
  const header = buildWsSecurityHeader({ action: `${ns.messages}/GetUserAvailability`, to: `${ews}/WSSecurity`, encryptedToken: extractEncryptedToken(answer.rstr), now: dauthNow, soapPrefix: 's' });
  return availabilityRequest(['alex@contoso.test']).replace('<s:Header>', `<s:Header>${header}`);
}

describe('the edge captures what crosses it from the internet, for corp to read', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;
  let corp: LabHttpClient;
  const post = (url: string, body: string, correlationId: string, authorization?: string): Promise<LabResponse> =>
    internet.request(url, { method: 'POST', correlationId, headers: { 'content-type': 'text/xml; charset=utf-8', ...(authorization ? { authorization } : {}) }, body });

  before(async () => {
    testLab = await startTestLab({ env: { LAB_EDGE_CAPTURE: '/ews/,/autodiscover/', LAB_SYNC_SCHEDULE: 'off' } });
    internet = clientOn('internet', testLab.certsDir, internetAddress);
    corp = clientOn('corp', testLab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await corp?.close();
    await testLab?.dispose();
  });

  it("shows Mary's Basic GetUserAvailability as relayed: the decision, her password in the header, the whole body", async () => {
    const body = availabilityRequest(['alex@contoso.test'], 'FreeBusy', labDay(new Date()));
    const response = await post(ews, body, 'edge-capture-basic', mary);
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError']);
    const [entry, ...more] = await edgeCapture(corp, 'edge-capture-basic');
    assert.equal(more.length, 0);
    assert.deepEqual(
      { source: entry?.source, arrivedOn: entry?.arrivedOn, host: entry?.host, method: entry?.method, path: entry?.path, decision: entry?.decision },
      { source: internetAddress, arrivedOn: 'internet', host: 'mail.contoso.test', method: 'POST', path: '/EWS/Exchange.asmx', decision: { action: 'allow', rule: 'publish-everything' } },
    );
    assert.equal(entry?.headers.authorization, mary);
    assert.deepEqual(entry?.body, { bytes: Buffer.byteLength(body), truncated: false, complete: true, encoding: 'utf8', text: body });
    assert.deepEqual(entry?.readable, { authorization: { scheme: 'basic', userName: 'mary@contoso.test', passwordInClear: true }, addresses: ['mary@contoso.test'] });
  });

  it("decodes a Bearer outer token and its actor token: Mary's address is readable at the edge", async () => {
    const token = await outerToken();
    const response = await post(ews, availabilityRequest(['alex@contoso.test']), 'edge-capture-bearer', `Bearer ${token}`);
    assert.equal(response.status, 401, 'exchange-onprem refuses an actor token from a key it does not trust');
    assert.match(String(response.headers.via), /edge/);
    const [entry] = await edgeCapture(corp, 'edge-capture-bearer');
    assert.equal(entry?.headers.authorization, `Bearer ${token}`);
    assert.deepEqual(entry?.readable.addresses, ['mary@contoso.test']);
    const jwt = entry?.readable.authorization && 'jwt' in entry.readable.authorization ? entry.readable.authorization.jwt : null;
    assert.deepEqual(jwt?.claims, { aud: resourcePrincipal(exchangePrincipal, 'mail.contoso.test', realm), iss: principalAt(exchangePrincipal, realm), nameid: 'mary@contoso.test', smtp: 'mary@contoso.test' });
    assert.equal(jwt?.actorToken?.claims.nameid, principalAt(exchangePrincipal, realm));
  });

  it('sees a DAuth token only as EncryptedData: no address is readable in wsse:Security', async () => {
    const body = await dauthAvailability();
    const response = await post(`${ews}/WSSecurity`, body, 'edge-capture-dauth');
    assert.match(String(response.headers.via), /edge/);
    const [entry] = await edgeCapture(corp, 'edge-capture-dauth');
    assert.equal(entry?.path, '/EWS/Exchange.asmx/WSSecurity');
    assert.equal(entry?.body?.text, body);
    assert.deepEqual(entry?.readable, { wsSecurity: { parsed: true, encryptedData: true, addresses: [] }, addresses: [] });
  });

  it('streams a body far over the capture limit to the backend whole, and keeps its first 64 KiB', async () => {
    const padding = `<!--${'x'.repeat(150 * 1024)}-->`;
    const body = availabilityRequest(['alex@contoso.test'], 'FreeBusy', labDay(new Date())).replace('<s:Body>', `${padding}<s:Body>`);
    const response = await post(ews, body, 'edge-capture-large', mary);
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError']);
    const [entry] = await edgeCapture(corp, 'edge-capture-large');
    assert.deepEqual({ ...entry?.body, text: entry?.body?.text.length }, { bytes: Buffer.byteLength(body), truncated: true, complete: true, encoding: 'utf8', text: 64 * 1024 });
  });

  it('leaves paths outside LAB_EDGE_CAPTURE alone', async () => {
    const response = await internet.request('https://fs.contoso.test/adfs/ls/idpinitiatedsignon', { correlationId: 'edge-capture-fs' });
    assert.match(String(response.headers.via), /edge/);
    assert.deepEqual(await edgeCapture(corp, 'edge-capture-fs'), []);
  });

  it("refuses the capture to the internet, even to a request that names the edge's corp host", async () => {
    const response = await internet.request('https://mail.contoso.test/_lab/capture', { headers: { host: 'proxy.contoso.test' } });
    assert.equal(response.status, 403);
    assert.equal(JSON.parse(response.body).error, 'EDGE_CAPTURE_CORP_ONLY');
    assert.doesNotMatch(response.body, /Mary!Lab2026|bWFyeU/);
  });

  it('still answers 502 naming the hop when the backend is down, and keeps the request it could not deliver', async () => {
    await testLab.stop('exchange-onprem');
    try {
      const body = availabilityRequest(['alex@contoso.test']);
      const response = await post(ews, body, 'edge-capture-down', mary);
      assert.equal(response.status, 502);
      assert.match(response.body, /edge → exchange-onprem/);
      const [entry] = await edgeCapture(corp, 'edge-capture-down');
      assert.equal(entry?.body?.bytes, Buffer.byteLength(body));
      assert.deepEqual(entry?.readable.addresses, ['mary@contoso.test']);
      // A body larger than what the tap and the sockets buffer: the edge must drain it, not stall, to answer.
      const large = await post(ews, `${body}<!--${'x'.repeat(512 * 1024)}-->`, 'edge-capture-down-large', mary);
      assert.equal(large.status, 502);
      const [cut] = await edgeCapture(corp, 'edge-capture-down-large');
      assert.equal(cut?.body?.truncated, true);
    } finally {
      await testLab.start('exchange-onprem');
    }
  });
});
