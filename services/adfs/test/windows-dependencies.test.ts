import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, LabError } from '../../../shared/errors/lab-error.ts';
import type { LabHttpClient, LabRequest, LabResponse } from '../../../shared/http/client.ts';
import { loadAdfsConfig } from '../src/config.ts';
import { createNetlogonVerifier } from '../src/domain/credentials/netlogon-pass-through.ts';
import { defaultWiaSupportedUserAgents, isWiaSupportedUserAgent } from '../src/domain/windows/wia-user-agents.ts';

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
    const logon = await createNetlogonVerifier(http, 'dc.contoso.test', 1000).verify(request);
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
      const logon = await createNetlogonVerifier(fakeHttp(response(status, { error: code })), 'dc.contoso.test', 1000).verify(request);
      assert.deepEqual(logon, { ok: false, failure, status: code });
    }
  });

  it('names the hop when the dc cannot be reached or answers something else', async () => {
    const down = createNetlogonVerifier(fakeHttp(new LabError({ code: 'CONNECT_FAILED', statusCode: 502, message: 'cannot connect to dc.contoso.test: ECONNREFUSED' })), 'dc.contoso.test', 1000);
    await assert.rejects(down.verify(request), (error: unknown) => error instanceof LabError && error.code === 'DC_UNREACHABLE' && error.statusCode === 503 && error.hop === 'adfs → dc.contoso.test (NETLOGON pass-through)' && /ECONNREFUSED/.test(error.message));
    const odd = createNetlogonVerifier(fakeHttp(response(500, { error: 'INTERNAL' })), 'dc.contoso.test', 1000);
    await assert.rejects(odd.verify(request), (error: unknown) => error instanceof LabError && error.code === 'NETLOGON_FAILED' && error.statusCode === 502);
  });
});

describe('WIASupportedUserAgents', () => {
  it('matches substrings and =~ regular expressions, as AD FS 2016 does', () => {
    assert.ok(isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko'));
    assert.ok(isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36'));
    assert.ok(!isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'));
    assert.ok(!isWiaSupportedUserAgent(defaultWiaSupportedUserAgents, undefined));
  });

  it('reads LAB_ADFS_WIA_USER_AGENTS as a JSON array, and names the setting when it is not one', () => {
    assert.deepEqual(loadAdfsConfig({ LAB_ADFS_WIA_USER_AGENTS: '["Firefox/", "=~Edg/\\\\d+"]' }).windows?.supportedUserAgents, ['Firefox/', '=~Edg/\\d+']);
    assert.deepEqual(loadAdfsConfig({ LAB_ADFS_WIA_USER_AGENTS: '[]' }).windows?.supportedUserAgents, []);
    for (const value of ['Chrome', '{"a":1}', '[""]', '["=~("]']) {
      assert.throws(() => loadAdfsConfig({ LAB_ADFS_WIA_USER_AGENTS: value }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_ADFS_WIA_USER_AGENTS');
    }
  });
});
