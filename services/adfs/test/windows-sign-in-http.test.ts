import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authenticateMessage, negotiateMessage } from '../../../shared/ntlm/client.ts';
import { encodeClientNegTokenResp, encodeNegTokenInit, mechanismOids, negStates, parseSpnego } from '../../../shared/ntlm/spnego.ts';
import { extractAssertionFromRstr } from '../../../shared/saml/verify.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { connection, httpGet, listen, tokenOf } from '../../../test/support/ntlm-http.ts';
import { decodeHtml, signInUrl, theForm } from './support/passive-browser.ts';

/**
 * Windows sign-in over real keep-alive HTTP connections (docs/federation.md, F5): the
 * handshake the route runs, which `inject` (a new fake socket per request) cannot.
 */
const joe = { userName: 'joe', domain: 'CONTOSO', password: 'Joe!Lab2026', workstation: 'CLIENT-INT' };
const ntlm = (message: Buffer): string => `NTLM ${message.toString('base64')}`;
const negotiate = (token: Buffer): string => `Negotiate ${token.toString('base64')}`;

function assertionOf(body: string): string {
  const { inputs } = theForm(body);
  return extractAssertionFromRstr(inputs.get('wresult')?.value ?? '');
}

describe('Windows sign-in on /adfs/ls/ over keep-alive HTTP', () => {
  let adfs: TestAdfs;
  let port: number;
  before(async () => {
    adfs = await startAdfs();
    port = await listen(adfs.app);
  });
  after(async () => {
    await adfs.close();
  });

  it('runs offer → NEGOTIATE → CHALLENGE → AUTHENTICATE on one connection and answers the response form', async () => {
    const agent = connection();
    try {
      const offer = await httpGet(agent, port, signInUrl());
      assert.equal(offer.status, 401);
      assert.deepEqual(offer.wwwAuthenticate, ['Negotiate', 'NTLM']);
      const challenge = await httpGet(agent, port, signInUrl(), { authorization: ntlm(negotiateMessage()) });
      assert.equal(challenge.status, 401);
      assert.equal(challenge.localPort, offer.localPort, 'the handshake stays on one connection');
      const type3 = await authenticateMessage(tokenOf(challenge, 'NTLM'), joe, { servicePrincipalName: 'HTTP/fs.contoso.test' });
      const issued = await httpGet(agent, port, signInUrl(), { authorization: ntlm(type3) });
      assert.equal(issued.status, 200, issued.body);
      assert.equal(issued.localPort, offer.localPort);
      const assertion = assertionOf(issued.body);
      assert.match(assertion, /AuthenticationMethod="urn:federation:authentication:windows"/);
      assert.match(assertion, /AttributeName="insidecorporatenetwork"[^>]*><saml:AttributeValue>true</);
      assert.match(assertion, /<saml:AttributeValue>http:\/\/schemas\.microsoft\.com\/ws\/2008\/06\/identity\/authenticationmethod\/windows</);
      assert.match(assertion, /<saml:AttributeValue>joe@contoso\.test</);
    } finally {
      agent.destroy();
    }
  });

  it('does not take an AUTHENTICATE_MESSAGE on another connection than the one its challenge went out on', async () => {
    const first = connection();
    const second = connection();
    try {
      const challenge = await httpGet(first, port, signInUrl(), { authorization: ntlm(negotiateMessage()) });
      const type3 = await authenticateMessage(tokenOf(challenge, 'NTLM'), joe);
      const elsewhere = await httpGet(second, port, signInUrl(), { authorization: ntlm(type3) });
      assert.notEqual(elsewhere.localPort, challenge.localPort);
      assert.equal(elsewhere.status, 401);
      assert.deepEqual(elsewhere.wwwAuthenticate, ['Negotiate', 'NTLM']);
      assert.match(decodeHtml(elsewhere.body), /this connection has no outstanding challenge/);
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it('answers a bare NTLMSSP token in Negotiate (Chromium without Kerberos) in the Negotiate scheme', async () => {
    const agent = connection();
    try {
      const challenge = await httpGet(agent, port, signInUrl(), { authorization: negotiate(negotiateMessage()) });
      const type3 = await authenticateMessage(tokenOf(challenge, 'Negotiate'), joe);
      const issued = await httpGet(agent, port, signInUrl(), { authorization: negotiate(type3) });
      assert.equal(issued.status, 200, issued.body);
    } finally {
      agent.destroy();
    }
  });

  it('unwraps SPNEGO offering NTLMSSP and answers in NegTokenResp, accept-completed at the end', async () => {
    const agent = connection();
    try {
      const init = encodeNegTokenInit([mechanismOids.ntlmssp], negotiateMessage());
      const challenge = await httpGet(agent, port, signInUrl(), { authorization: negotiate(init) });
      const resp = parseSpnego(tokenOf(challenge, 'Negotiate'));
      assert.ok(resp.kind === 'resp' && resp.negState === negStates.acceptIncomplete && resp.supportedMech === mechanismOids.ntlmssp && resp.responseToken);
      const type3 = await authenticateMessage(resp.responseToken, joe);
      const issued = await httpGet(agent, port, signInUrl(), { authorization: negotiate(encodeClientNegTokenResp(type3)) });
      assert.equal(issued.status, 200, issued.body);
      const done = parseSpnego(tokenOf(issued, 'Negotiate'));
      assert.ok(done.kind === 'resp' && done.negState === negStates.acceptCompleted);
    } finally {
      agent.destroy();
    }
  });

  it('asks a SPNEGO client that prefers Kerberos to continue with NTLMSSP, and one without NTLMSSP to use NTLM', async () => {
    const agent = connection();
    try {
      const kerberosFirst = await httpGet(agent, port, signInUrl(), { authorization: negotiate(encodeNegTokenInit([mechanismOids.kerberos, mechanismOids.ntlmssp], Buffer.from('not a ticket'))) });
      const select = parseSpnego(tokenOf(kerberosFirst, 'Negotiate'));
      assert.ok(select.kind === 'resp' && select.supportedMech === mechanismOids.ntlmssp && select.responseToken === undefined);
      const kerberosOnly = await httpGet(agent, port, signInUrl(), { authorization: negotiate(encodeNegTokenInit([mechanismOids.kerberos], Buffer.from('not a ticket'))) });
      assert.equal(kerberosOnly.status, 401);
      assert.deepEqual(kerberosOnly.wwwAuthenticate, ['NTLM']);
      assert.match(decodeHtml(kerberosOnly.body), /Kerberos is not available here/);
    } finally {
      agent.destroy();
    }
  });
});
