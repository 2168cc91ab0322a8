import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../../shared/logging/logger.ts';
import { buildService, createServiceContext } from '../../../shared/service/run.ts';
import { dcService } from '../src/app.ts';
import { ntChallengeResponse } from './support/ntlm-client.ts';
import { temporaryDcConfig } from './support/pki.ts';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the dc over HTTPS', () => {
  let app: FastifyInstance;
  let dispose: () => void;
  before(async () => {
    const temporary = temporaryDcConfig();
    dispose = temporary.dispose;
    app = await buildService(dcService, createServiceContext(temporary.config, createLogger({ service: 'dc', level: 'silent' })));
  });
  after(async () => {
    await app.close();
    dispose();
  });

  async function ntlmBody(userName: string, password: string): Promise<Record<string, string>> {
    const serverChallenge = randomBytes(8);
    const response = await ntChallengeResponse({ password, userName, domain: 'CONTOSO', serverChallenge, time: new Date() });
    return { domain: 'CONTOSO', userName, workstation: 'MAIL', serverChallenge: serverChallenge.toString('hex'), ntChallengeResponse: response.toString('base64') };
  }

  it('verifies an NTLMv2 response and names the user', async () => {
    const response = await app.inject({ method: 'POST', url: '/netlogon/ntlm/verify', payload: await ntlmBody('mary', 'Mary!Lab2026') });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { sAMAccountName: 'mary', userPrincipalName: 'mary@contoso.test', objectGUID: '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71', displayName: 'Mary Smith' });
  });

  it('answers a replayed NTLM response with 401 NTLM_CHALLENGE_REUSED', async () => {
    const payload = await ntlmBody('alex', 'Alex!Lab2026');
    assert.equal((await app.inject({ method: 'POST', url: '/netlogon/ntlm/verify', payload })).statusCode, 200);
    const replay = await app.inject({ method: 'POST', url: '/netlogon/ntlm/verify', payload });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error, 'NTLM_CHALLENGE_REUSED');
  });

  it('answers a wrong password with 401 STATUS_WRONG_PASSWORD and NTLMv1 with 400 NTLMV1_REFUSED', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/netlogon/ntlm/verify', payload: await ntlmBody('mary', 'nope') });
    assert.deepEqual([wrong.statusCode, wrong.json().error], [401, 'STATUS_WRONG_PASSWORD']);
    const v1 = await app.inject({ method: 'POST', url: '/netlogon/ntlm/verify', payload: { domain: 'CONTOSO', userName: 'mary', serverChallenge: '0123456789abcdef', ntChallengeResponse: Buffer.alloc(24, 7).toString('base64') } });
    assert.deepEqual([v1.statusCode, v1.json().error], [400, 'NTLMV1_REFUSED']);
  });

  it('challenges a replication request without credentials with Basic realm="dc.contoso.test"', async () => {
    const response = await app.inject({ method: 'POST', url: '/drs/replicate', payload: { usnFrom: 0 } });
    assert.equal(response.statusCode, 401);
    assert.deepEqual([response.headers['www-authenticate']].flat(), ['Basic realm="dc.contoso.test"']);
  });

  it('answers bad replication credentials with 401 and Administrator with 403 REPLICATION_ACCESS_DENIED', async () => {
    const bad = await app.inject({ method: 'POST', url: '/drs/replicate', headers: { authorization: basic('MSOL_7a1c0f2e5d4b', 'wrong') }, payload: { usnFrom: 0 } });
    assert.deepEqual([bad.statusCode, bad.json().error, [bad.headers['www-authenticate']].flat()], [401, 'INVALID_CREDENTIALS', ['Basic realm="dc.contoso.test"']]);
    const admin = await app.inject({ method: 'POST', url: '/drs/replicate', headers: { authorization: basic('CONTOSO\\Administrator', 'DomainAdmin!Lab2026') }, payload: { usnFrom: 0 } });
    assert.deepEqual([admin.statusCode, admin.json().error], [403, 'REPLICATION_ACCESS_DENIED']);
  });

  it('replicates NT hashes to the MSOL_ account by down-level name and by UPN', async () => {
    for (const user of ['CONTOSO\\MSOL_7a1c0f2e5d4b', 'MSOL_7a1c0f2e5d4b@contoso.test']) {
      const response = await app.inject({ method: 'POST', url: '/drs/replicate', headers: { authorization: basic(user, 'MsolSync!Lab2026') }, payload: { usnFrom: 0 } });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().credentials.length, 9);
      assert.match(response.json().credentials[0].ntHash, /^[0-9a-f]{32}$/);
    }
  });

  it('shows counts and the highest USN at /_lab/state, and no hash', async () => {
    const response = await app.inject({ method: 'GET', url: '/_lab/state' });
    const state = response.json().state;
    assert.deepEqual(state.directory, { users: 9, groups: 3, memberships: 7, highestCommittedUsn: 12 });
    assert.equal(/[0-9a-f]{32}/.test(JSON.stringify(state)), false);
  });
});
