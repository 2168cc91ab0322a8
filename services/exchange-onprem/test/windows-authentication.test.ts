import assert from 'node:assert/strict';
import type { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { avIds, findAvPair } from '../../../shared/ntlm/av-pairs.ts';
import { buildAuthenticateMessage } from '../../../shared/ntlm/authenticate-message.ts';
import { parseChallengeMessage } from '../../../shared/ntlm/challenge-message.ts';
import { authenticateMessage, clientVersion, negotiateMessage, type AnswerOptions, type NtlmCredentials } from '../../../shared/ntlm/client.ts';
import { negotiateFlags } from '../../../shared/ntlm/flags.ts';
import { encodeClientNegTokenResp, encodeNegTokenInit, mechanismOids, negStates, parseSpnego } from '../../../shared/ntlm/spnego.ts';
import { availabilityRequest, getUserSettings, ns, poxRequest, texts } from '../../../test/support/exchange-requests.ts';
import { connection, httpRequest, listen, tokenOf, type HttpAnswer } from '../../../test/support/ntlm-http.ts';
import { createOnpremTestBed, type OnpremTestBed } from './support/onprem-test-bed.ts';

/**
 * IIS Windows authentication in front of Exchange on-premises' EWS and Autodiscover
 * (docs/hybrid.md), over real keep-alive HTTP connections, which the handshake needs and
 * `inject` cannot give: NEGOTIATE → 401 CHALLENGE → AUTHENTICATE → the dc's NETLOGON
 * pass-through (its seed-driven stand-in here; the integration test uses the real dc).
 */
const mary: NtlmCredentials = { userName: 'mary', domain: 'CONTOSO', password: 'Mary!Lab2026', workstation: 'CLIENT-INT' };
const ntlm = (message: Buffer): string => `NTLM ${message.toString('base64')}`;
const negotiate = (token: Buffer): string => `Negotiate ${token.toString('base64')}`;
const xml = { 'content-type': 'text/xml; charset=utf-8', host: 'mail.contoso.test' };
const ews = '/EWS/Exchange.asmx';
const iisChallenges = ['Negotiate', 'NTLM', 'Basic Realm=""'];

describe('exchange-onprem: NTLM and Negotiate on EWS and Autodiscover', () => {
  let bed: OnpremTestBed;
  let port: number;
  before(async () => {
    bed = await createOnpremTestBed();
    port = await listen(bed.app);
  });
  after(() => bed.dispose());

  const post = (agent: Agent, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
    httpRequest(agent, port, { method: 'POST', path, headers: { ...xml, ...headers }, body });

  /** NEGOTIATE (no body, as httpntlm sends it) on `agent`; returns the 401 carrying the CHALLENGE_MESSAGE. */
  async function challengeOn(agent: Agent, path = ews, scheme: 'NTLM' | 'Negotiate' = 'NTLM', headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const answer = await post(agent, path, undefined, { authorization: `${scheme} ${negotiateMessage().toString('base64')}`, ...headers });
    assert.equal(answer.status, 401, answer.body);
    return answer;
  }

  /** The whole handshake on one connection, the body sent with the AUTHENTICATE. */
  async function handshake(path: string, body: string, credentials: NtlmCredentials = mary, options: AnswerOptions = {}): Promise<HttpAnswer> {
    const agent = connection();
    try {
      const challenge = await challengeOn(agent, path);
      const type3 = await authenticateMessage(tokenOf(challenge, 'NTLM'), credentials, options);
      const answer = await post(agent, path, body, { authorization: ntlm(type3) });
      assert.equal(answer.localPort, challenge.localPort, 'the handshake stays on one connection');
      return answer;
    } finally {
      agent.destroy();
    }
  }

  it("answers NEGOTIATE with 401 and one WWW-Authenticate: NTLM <CHALLENGE_MESSAGE> naming the domain and this server", async () => {
    const agent = connection();
    try {
      const answer = await challengeOn(agent);
      assert.equal(answer.wwwAuthenticate.length, 1);
      const challenge = parseChallengeMessage(tokenOf(answer, 'NTLM'));
      assert.equal(challenge.targetName, 'CONTOSO');
      assert.equal(challenge.serverChallenge.length, 8);
      assert.equal(findAvPair(challenge.targetInfoPairs, avIds.MsvAvNbComputerName)?.toString('utf16le'), 'EXCHANGE-ONPREM');
      assert.equal(findAvPair(challenge.targetInfoPairs, avIds.MsvAvDnsDomainName)?.toString('utf16le'), 'contoso.test');
      assert.ok(findAvPair(challenge.targetInfoPairs, avIds.MsvAvTimestamp), 'MsvAvTimestamp, which NTLMv2 clients use');
      assert.match(answer.body, /NTLM_CHALLENGE/);
    } finally {
      agent.destroy();
    }
  });

  it("serves Mary's GetUserAvailability after the handshake: Alex's busy times only, her own calendar in detail (her address decides, as with Basic)", async () => {
    const answer = await handshake(ews, availabilityRequest(['alex@contoso.test', 'mary@contoso.test']));
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(texts(answer.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError']);
    assert.deepEqual(texts(answer.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged', 'DetailedMerged']);
    assert.deepEqual(texts(answer.body, ns.types, 'Subject'), ['Team stand-up', 'Vendor call']);
    assert.deepEqual(answer.wwwAuthenticate, [], 'plain NTLM ends with no token');
  });

  it('takes her UPN with an empty domain too, and keeps the connection when the NEGOTIATE carries the body (as .NET clients send it)', async () => {
    const agent = connection();
    try {
      const body = availabilityRequest(['alex@contoso.test']);
      const challenge = await post(agent, ews, body, { authorization: ntlm(negotiateMessage()) });
      assert.equal(challenge.status, 401);
      const type3 = await authenticateMessage(tokenOf(challenge, 'NTLM'), { userName: 'mary@contoso.test', domain: '', password: 'Mary!Lab2026' });
      const answer = await post(agent, ews, body, { authorization: ntlm(type3) });
      assert.equal(answer.localPort, challenge.localPort);
      assert.equal(answer.status, 200, answer.body);
      assert.deepEqual(texts(answer.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged']);
    } finally {
      agent.destroy();
    }
  });

  it('answers Negotiate in Negotiate: bare NTLMSSP as it came, SPNEGO with NegTokenResp and accept-completed on the 200', async () => {
    const agent = connection();
    try {
      const bare = await challengeOn(agent, ews, 'Negotiate');
      const bareType3 = await authenticateMessage(tokenOf(bare, 'Negotiate'), mary);
      assert.equal((await post(agent, ews, availabilityRequest(['alex@contoso.test']), { authorization: negotiate(bareType3) })).status, 200);
      const init = await post(agent, ews, undefined, { authorization: negotiate(encodeNegTokenInit([mechanismOids.ntlmssp], negotiateMessage())) });
      const resp = parseSpnego(tokenOf(init, 'Negotiate'));
      assert.ok(resp.kind === 'resp' && resp.negState === negStates.acceptIncomplete && resp.responseToken);
      const type3 = await authenticateMessage(resp.responseToken, mary);
      const served = await post(agent, ews, availabilityRequest(['alex@contoso.test']), { authorization: negotiate(encodeClientNegTokenResp(type3)) });
      assert.equal(served.status, 200, served.body);
      const done = parseSpnego(tokenOf(served, 'Negotiate'));
      assert.ok(done.kind === 'resp' && done.negState === negStates.acceptCompleted);
    } finally {
      agent.destroy();
    }
  });

  it('refuses an AUTHENTICATE on another connection, and the same AUTHENTICATE again, with 401 and a clear reason', async () => {
    const first = connection();
    const second = connection();
    try {
      const challenge = await challengeOn(first);
      const type3 = await authenticateMessage(tokenOf(challenge, 'NTLM'), mary);
      const elsewhere = await post(second, ews, availabilityRequest(['alex@contoso.test']), { authorization: ntlm(type3) });
      assert.notEqual(elsewhere.localPort, challenge.localPort);
      assert.equal(elsewhere.status, 401);
      assert.deepEqual(elsewhere.wwwAuthenticate, iisChallenges);
      assert.match(elsewhere.body, /NO_CHALLENGE_ON_CONNECTION/);
      assert.match(elsewhere.body, /must come on the connection that received the CHALLENGE_MESSAGE/);
      assert.match(elsewhere.body, /client → exchange-onprem \(IIS authentication\)/);
      // The challenge is still waiting on the first connection: answered there, it works once.
      assert.equal((await post(first, ews, availabilityRequest(['alex@contoso.test']), { authorization: ntlm(type3) })).status, 200);
      const replay = await post(first, ews, availabilityRequest(['alex@contoso.test']), { authorization: ntlm(type3) });
      assert.equal(replay.status, 401);
      assert.match(replay.body, /NO_CHALLENGE_ON_CONNECTION/);
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it("refuses a wrong password with 401, the IIS challenges and the dc's answer, naming the pass-through hop", async () => {
    const answer = await handshake(ews, availabilityRequest(['alex@contoso.test']), { ...mary, password: 'not-hers' });
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.wwwAuthenticate, iisChallenges);
    assert.match(answer.body, /LOGON_BAD_PASSWORD/);
    assert.match(answer.body, /NTLM logon failed for CONTOSO\\mary: the dc \(exchange-onprem → dc\.contoso\.test \(NETLOGON pass-through\)\) refused the NTLMv2 response \(STATUS_WRONG_PASSWORD\)/);
  });

  it('refuses a disabled account and a password that must change, as the dc says, like Basic does', async () => {
    const eve = await handshake(ews, availabilityRequest(['alex@contoso.test']), { userName: 'eve', domain: 'CONTOSO', password: 'Eve!Lab2026' });
    assert.equal(eve.status, 401);
    assert.match(eve.body, /LOGON_ACCOUNT_DISABLED/);
    assert.match(eve.body, /the account is disabled \(STATUS_ACCOUNT_DISABLED\)/);
    const pat = await handshake(ews, availabilityRequest(['alex@contoso.test']), { userName: 'pat', domain: 'CONTOSO', password: 'Pat!Lab2026' });
    assert.equal(pat.status, 401);
    assert.match(pat.body, /LOGON_PASSWORD_MUST_CHANGE/);
  });

  it('refuses an NTLMv1 response, a malformed AUTHENTICATE and SPNEGO offering only Kerberos, each with 401 and why', async () => {
    const agent = connection();
    try {
      await challengeOn(agent);
      const v1 = buildAuthenticateMessage({ flags: negotiateFlags.NEGOTIATE_UNICODE | negotiateFlags.NEGOTIATE_NTLM, lmChallengeResponse: Buffer.alloc(24, 1), ntChallengeResponse: Buffer.alloc(24, 2), domain: 'CONTOSO', userName: 'mary', workstation: '', version: clientVersion });
      const refusedV1 = await post(agent, ews, availabilityRequest(['alex@contoso.test']), { authorization: ntlm(v1) });
      assert.equal(refusedV1.status, 401);
      assert.match(refusedV1.body, /NTLMV1_REFUSED/);
      await challengeOn(agent);
      const malformed = await post(agent, ews, undefined, { authorization: ntlm(Buffer.from('NTLMSSP\0\x03\0\0\0')) });
      assert.equal(malformed.status, 401);
      assert.deepEqual(malformed.wwwAuthenticate, iisChallenges);
      assert.match(malformed.body, /NTLM_MALFORMED_MESSAGE/);
      const kerberos = await post(agent, ews, undefined, { authorization: negotiate(encodeNegTokenInit([mechanismOids.kerberos], Buffer.from('not a ticket'))) });
      assert.equal(kerberos.status, 401);
      assert.deepEqual(kerberos.wwwAuthenticate, ['NTLM', 'Basic Realm=""']);
      assert.match(kerberos.body, /KERBEROS_UNAVAILABLE/);
    } finally {
      agent.destroy();
    }
  });

  it('checks Extended Protection: a response made for another service is refused, one for autodiscover.contoso.test is taken', async () => {
    const relayed = await handshake(ews, availabilityRequest(['alex@contoso.test']), mary, { servicePrincipalName: 'HTTP/fs.contoso.test' });
    assert.equal(relayed.status, 401);
    assert.match(relayed.body, /NTLM_TARGET_NAME_MISMATCH/);
    assert.match(relayed.body, /made for HTTP\/fs\.contoso\.test/);
    const ours = await handshake(ews, availabilityRequest(['alex@contoso.test']), mary, { servicePrincipalName: 'HTTP/autodiscover.contoso.test' });
    assert.equal(ours.status, 200, ours.body);
  });

  it('does not run NTLM for a request the edge relayed: 401 offering Basic, saying why', async () => {
    const agent = connection();
    try {
      const answer = await post(agent, ews, undefined, { authorization: ntlm(negotiateMessage()), via: '1.1 edge', 'x-forwarded-for': '127.18.0.100' });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.wwwAuthenticate, ['Basic Realm=""']);
      assert.match(answer.body, /WINDOWS_AUTH_THROUGH_EDGE/);
    } finally {
      agent.destroy();
    }
  });

  it('names the hop to the dc when the NETLOGON pass-through cannot be reached', async () => {
    bed.netlogon.unreachable = true;
    try {
      const answer = await handshake(ews, availabilityRequest(['alex@contoso.test']));
      assert.equal(answer.status, 500);
      assert.match(answer.body, /DC_UNREACHABLE/);
      assert.match(answer.body, /exchange-onprem → dc\.contoso\.test \(NETLOGON pass-through\)/);
    } finally {
      bed.netlogon.unreachable = false;
    }
  });

  it('serves POX Autodiscover to Mary after the handshake', async () => {
    const answer = await handshake('/autodiscover/autodiscover.xml', poxRequest('alex@contoso.test'));
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(texts(answer.body, '', 'EwsUrl'), ['https://mail.contoso.test/EWS/Exchange.asmx']);
  });

  it('serves SOAP GetUserSettings after the handshake, its NEGOTIATE sent with no body (before the operation is read)', async () => {
    const answer = await handshake('/autodiscover/autodiscover.svc', getUserSettings(['alex@contoso.test'], ['UserDisplayName']));
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(texts(answer.body, '', 'Value'), ['Alex Wilber']);
    const wrong = await handshake('/autodiscover/autodiscover.svc', getUserSettings(['alex@contoso.test'], ['UserDisplayName']), { ...mary, password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /STATUS_WRONG_PASSWORD/);
  });
});
