import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import type { LabHttpClient, LabRequest, LabResponse } from '../../http/client.ts';
import { createNetlogonVerifier } from '../server/netlogon-verifier.ts';

/** A LabHttpClient that answers every call with one response or error, and keeps what it was sent. */
function fakeHttp(answer: LabResponse | LabError): LabHttpClient & { sent: { url: string; init: LabRequest | undefined }[] } {
  const sent: { url: string; init: LabRequest | undefined }[] = [];
  return {
    sent,
    async request(url, init) {
      sent.push({ url, init });
      if (answer instanceof LabError) throw answer;
      return answer;
    },
    dispatcher: undefined as never,
    close: async () => undefined,
  };
}

const response = (status: number, body: unknown): LabResponse => ({ status, headers: {}, body: JSON.stringify(body), correlationId: 'c' });
const request = { domain: 'CONTOSO', userName: 'joe', workstation: 'CLIENT-INT', serverChallenge: Buffer.from('0011223344556677', 'hex'), ntChallengeResponse: Buffer.alloc(60, 1) };

describe('NETLOGON pass-through to the dc', () => {
  it('posts the challenge in hex and the response in base64 to https://dc.contoso.test/netlogon/ntlm/verify', async () => {
    const http = fakeHttp(response(200, { sAMAccountName: 'joe', userPrincipalName: 'joe@contoso.test', objectGUID: 'guid', displayName: 'Joe' }));
    const logon = await createNetlogonVerifier(http, 'dc.contoso.test', 1000, 'adfs').verify(request);
    assert.deepEqual(logon, { ok: true, user: { objectGUID: 'guid', userPrincipalName: 'joe@contoso.test' } });
    assert.equal(http.sent[0]?.url, 'https://dc.contoso.test/netlogon/ntlm/verify');
    assert.deepEqual(JSON.parse(String(http.sent[0]?.init?.body)), { domain: 'CONTOSO', userName: 'joe', workstation: 'CLIENT-INT', serverChallenge: '0011223344556677', ntChallengeResponse: Buffer.alloc(60, 1).toString('base64') });
  });

  it("maps the dc's codes to refusals", async () => {
    for (const [status, code, failure] of [
      [401, 'STATUS_WRONG_PASSWORD', 'bad-credentials'],
      [401, 'STATUS_ACCOUNT_DISABLED', 'account-disabled'],
      [401, 'NTLM_CHALLENGE_REUSED', 'challenge-reused'],
      [400, 'NTLMV1_REFUSED', 'ntlmv1-refused'],
    ] as const) {
      const logon = await createNetlogonVerifier(fakeHttp(response(status, { error: code })), 'dc.contoso.test', 1000, 'exchange-onprem').verify(request);
      assert.deepEqual(logon, { ok: false, failure, status: code });
    }
  });

  it('names the hop, from the server that asks, when the dc cannot be reached or answers something else', async () => {
    const down = createNetlogonVerifier(fakeHttp(new LabError({ code: 'CONNECT_FAILED', statusCode: 502, message: 'cannot connect to dc.contoso.test: ECONNREFUSED' })), 'dc.contoso.test', 1000, 'exchange-onprem');
    await assert.rejects(down.verify(request), (error: unknown) => error instanceof LabError && error.code === 'DC_UNREACHABLE' && error.statusCode === 503 && error.hop === 'exchange-onprem → dc.contoso.test (NETLOGON pass-through)' && /ECONNREFUSED/.test(error.message));
    const odd = createNetlogonVerifier(fakeHttp(response(500, { error: 'INTERNAL' })), 'dc.contoso.test', 1000, 'adfs');
    await assert.rejects(odd.verify(request), (error: unknown) => error instanceof LabError && error.code === 'NETLOGON_FAILED' && error.statusCode === 502);
  });
});
