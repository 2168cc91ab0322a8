import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import type { LookupFunction } from 'node:net';
import httpntlm, { type NtlmResponse } from 'httpntlm';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { labDay } from '../../shared/mailbox/index.ts';
import { authenticateMessage, negotiateMessage } from '../../shared/ntlm/client.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { availabilityRequest, ns, poxRequest, texts } from '../support/exchange-requests.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * Windows authentication on Exchange on-premises (docs/hybrid.md) on the local lab:
 * from corp, httpntlm (SamDecrock/node-http-ntlm, a maintained npm NTLMv2 client) runs
 * Type 1 → Type 2 → Type 3 on one keep-alive TLS connection to mail.contoso.test,
 * verifying the lab CA; exchange-onprem passes the AUTHENTICATE_MESSAGE to the real
 * dc's NETLOGON endpoint and serves Mary's GetUserAvailability as Mary.
 */
const today = labDay(new Date());
const ews = 'https://mail.contoso.test/EWS/Exchange.asmx';
const xml = { 'content-type': 'text/xml; charset=utf-8' };

/** Corp's DNS view for the names this test dials: both are exchange-onprem itself. */
function corpLookup(): LookupFunction {
  const address = addressOf('exchange-onprem', 'corp', localPlan);
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (hostname !== 'mail.contoso.test' && hostname !== 'autodiscover.contoso.test') return callback(Object.assign(new Error(`${hostname} is not in this test's view`), { code: 'ENOTFOUND' }));
    if (options.all) return callback(null, [{ address, family: 4 }]);
    return callback(null, address, 4);
  }) as LookupFunction;
}

describe('Exchange on-premises: NTLM on EWS and Autodiscover from corp, checked by the dc', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;

  /** One TLS connection to exchange-onprem on corp, the lab CA the only trust anchor. */
  const corpConnection = (): Agent => new Agent({ keepAlive: true, maxSockets: 1, ca: loadLabCa(testLab.certsDir), lookup: corpLookup() });

  function ntlmPost(url: string, body: string, username: string, password: string, domain = ''): Promise<NtlmResponse> {
    const agent = corpConnection();
    return new Promise<NtlmResponse>((resolve, reject) => {
      httpntlm.post({ url, username, password, domain, workstation: 'CLIENT-INT', headers: xml, body, agent }, (error, response) => (error ? reject(error) : resolve(response)));
    }).finally(() => agent.destroy());
  }

  /** A raw POST on a given connection, for what httpntlm does not do (answering on another connection). */
  function rawPost(agent: Agent, url: string, authorization: string, body = ''): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(url, { method: 'POST', agent, headers: { ...xml, authorization } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  async function answeredChallenges(): Promise<number> {
    const state = await testLab.services.get('dc')!.app.inject({ url: '/_lab/state' });
    return (state.json() as { state: { ntlm: { answeredChallenges: number } } }).state.ntlm.answeredChallenges;
  }

  before(async () => {
    testLab = await startTestLab({ env: { LAB_SYNC_SCHEDULE: 'off' }, without: ['exchange-online', 'wap', 'adfs', 'dirsync', 'azure-auth'] });
    internet = clientOn('internet', testLab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await testLab?.dispose();
  });

  it("Mary (mary@contoso.test, NTLMv2 via httpntlm) gets Alex's busy times and her own calendar in detail; the dc answered the challenge", async () => {
    const before = await answeredChallenges();
    const response = await ntlmPost(ews, availabilityRequest(['alex@contoso.test', 'mary@contoso.test'], 'DetailedMerged', today), 'mary@contoso.test', 'Mary!Lab2026');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError']);
    assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged', 'DetailedMerged']);
    assert.deepEqual(texts(response.body, ns.types, 'StartTime'), [`${today}T15:00:00`, `${today}T09:30:00`, `${today}T13:00:00`]);
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Team stand-up', 'Vendor call']);
    assert.equal(await answeredChallenges(), before + 1, "the dc's NETLOGON pass-through took exactly this one challenge");
  });

  it('CONTOSO\\alex signs in too, and POX Autodiscover answers him on autodiscover.contoso.test', async () => {
    const availability = await ntlmPost(ews, availabilityRequest(['mary@contoso.test'], 'FreeBusy', today), 'alex', 'Alex!Lab2026', 'CONTOSO');
    assert.equal(availability.statusCode, 200, availability.body);
    assert.deepEqual(texts(availability.body, ns.types, 'FreeBusyViewType'), ['FreeBusy']);
    const pox = await ntlmPost('https://autodiscover.contoso.test/autodiscover/autodiscover.xml', poxRequest('alex@contoso.test'), 'alex', 'Alex!Lab2026', 'CONTOSO');
    assert.equal(pox.statusCode, 200, pox.body);
    assert.deepEqual(texts(pox.body, '', 'EwsUrl'), [ews]);
  });

  it("a wrong password is 401 with the IIS challenges and the dc's STATUS_WRONG_PASSWORD, naming the pass-through hop", async () => {
    const response = await ntlmPost(ews, availabilityRequest(['alex@contoso.test'], 'FreeBusy', today), 'mary@contoso.test', 'not-her-password');
    assert.equal(response.statusCode, 401);
    // Node joins repeated WWW-Authenticate headers with ", ".
    assert.equal(response.headers['www-authenticate'], 'Negotiate, NTLM, Basic Realm=""');
    assert.match(response.body, /LOGON_BAD_PASSWORD: NTLM logon failed for mary@contoso\.test: the dc \(exchange-onprem → dc\.contoso\.test \(NETLOGON pass-through\)\) refused the NTLMv2 response \(STATUS_WRONG_PASSWORD\)/);
  });

  it('a disabled account (eve, with her right password) is refused because the dc says it is disabled', async () => {
    const response = await ntlmPost(ews, availabilityRequest(['alex@contoso.test'], 'FreeBusy', today), 'eve', 'Eve!Lab2026', 'CONTOSO');
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /LOGON_ACCOUNT_DISABLED: .*STATUS_ACCOUNT_DISABLED/);
  });

  it('an AUTHENTICATE_MESSAGE sent on another connection than its challenge is 401 with the reason', async () => {
    const first = corpConnection();
    const second = corpConnection();
    try {
      const challenge = await rawPost(first, ews, `NTLM ${negotiateMessage().toString('base64')}`);
      assert.equal(challenge.status, 401);
      const type2 = Buffer.from(String(challenge.headers['www-authenticate']).replace(/^NTLM /, ''), 'base64');
      const type3 = await authenticateMessage(type2, { userName: 'mary', domain: 'CONTOSO', password: 'Mary!Lab2026' });
      const elsewhere = await rawPost(second, ews, `NTLM ${type3.toString('base64')}`, availabilityRequest(['alex@contoso.test'], 'FreeBusy', today));
      assert.equal(elsewhere.status, 401);
      assert.match(elsewhere.body, /NO_CHALLENGE_ON_CONNECTION: this connection has no outstanding NTLM challenge/);
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it('through the edge from the internet, NTLM is refused with a reason and Basic offered', async () => {
    const response = await internet.request(ews, { method: 'POST', headers: { ...xml, authorization: `NTLM ${negotiateMessage().toString('base64')}` }, body: availabilityRequest(['alex@contoso.test'], 'FreeBusy', today) });
    assert.equal(response.status, 401);
    assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
    assert.match(response.body, /WINDOWS_AUTH_THROUGH_EDGE/);
  });

  it('with the dc stopped, the EWS fault names the NETLOGON hop', async () => {
    await testLab.stop('dc');
    try {
      const response = await ntlmPost(ews, availabilityRequest(['alex@contoso.test'], 'FreeBusy', today), 'mary@contoso.test', 'Mary!Lab2026');
      assert.equal(response.statusCode, 500);
      assert.match(response.body, /DC_UNREACHABLE/);
      assert.match(response.body, /hop: exchange-onprem → dc\.contoso\.test \(NETLOGON pass-through\)/);
    } finally {
      await testLab.start('dc');
    }
  });
});
