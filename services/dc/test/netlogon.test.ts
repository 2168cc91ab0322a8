import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { updateUser } from '../src/domain/directory/writes.ts';
import { ChallengeLedger } from '../src/domain/ntlm/challenge-ledger.ts';
import { maxLifetimeMs, verifyNetlogon, type NetlogonRequest } from '../src/domain/ntlm/netlogon.ts';
import { frozenNow, openTestDirectory, type TestDirectory } from './support/directory.ts';
import { ntChallengeResponse } from './support/ntlm-client.ts';

describe('NTLM pass-through verification', () => {
  let directory: TestDirectory;
  let ledger: ChallengeLedger;
  before(async () => {
    directory = await openTestDirectory();
    ledger = new ChallengeLedger();
  });
  after(() => directory.dispose());

  async function request(userName: string, password: string, options: { domain?: string; time?: Date; challenge?: Buffer } = {}): Promise<NetlogonRequest> {
    const serverChallenge = options.challenge ?? randomBytes(8);
    const domain = options.domain ?? 'CONTOSO';
    const response = await ntChallengeResponse({ password, userName, domain, serverChallenge, time: options.time ?? frozenNow });
    return { domain, userName, workstation: 'CLIENT-INT', serverChallenge: serverChallenge.toString('hex'), ntChallengeResponse: response.toString('base64') };
  }

  function refusedWith(body: NetlogonRequest, code: string, statusCode = 401): void {
    assert.throws(() => verifyNetlogon(directory.store, ledger, body), (error: unknown) => error instanceof LabError && error.code === code && error.statusCode === statusCode);
  }

  it('identifies mary from her NTLMv2 response', async () => {
    assert.equal(verifyNetlogon(directory.store, ledger, await request('mary', 'Mary!Lab2026')).userPrincipalName, 'mary@contoso.test');
  });

  it('accepts a UPN with an empty domain, as NTLM clients send it', async () => {
    assert.equal(verifyNetlogon(directory.store, ledger, await request('mary@contoso.test', 'Mary!Lab2026', { domain: '' })).sAMAccountName, 'mary');
  });

  it('answers a wrong password with STATUS_WRONG_PASSWORD', async () => {
    refusedWith(await request('mary', 'wrong'), 'STATUS_WRONG_PASSWORD');
  });

  it('answers an unknown user or another domain with STATUS_NO_SUCH_USER', async () => {
    refusedWith(await request('nobody', 'x'), 'STATUS_NO_SUCH_USER');
    refusedWith(await request('mary', 'Mary!Lab2026', { domain: 'FABRIKAM' }), 'STATUS_NO_SUCH_USER');
  });

  it('refuses a second use of the same challenge for the same user', async () => {
    const body = await request('joe', 'Joe!Lab2026');
    assert.equal(verifyNetlogon(directory.store, ledger, body).sAMAccountName, 'joe');
    refusedWith(body, 'NTLM_CHALLENGE_REUSED');
  });

  it('refuses a response whose timestamp is outside the challenge lifetime', async () => {
    refusedWith(await request('mary', 'Mary!Lab2026', { time: new Date(frozenNow.getTime() - maxLifetimeMs - 60_000) }), 'STATUS_TIME_DIFFERENCE_AT_DC');
  });

  it('refuses a 24-byte NTLMv1 response with 400 NTLMV1_REFUSED', () => {
    refusedWith({ domain: 'CONTOSO', userName: 'mary', serverChallenge: '0123456789abcdef', ntChallengeResponse: Buffer.alloc(24, 1).toString('base64') }, 'NTLMV1_REFUSED', 400);
  });

  it('reports disabled, must-change and expired accounts with their NT status', async () => {
    refusedWith(await request('eve', 'Eve!Lab2026'), 'STATUS_ACCOUNT_DISABLED');
    refusedWith(await request('pat', 'Pat!Lab2026'), 'STATUS_PASSWORD_MUST_CHANGE');
    const alex = directory.store.userBySamAccountName('alex')!;
    updateUser(directory.store, alex.objectGUID, { attributes: { userAccountControl: 512 | 0x800000 } });
    refusedWith(await request('alex', 'Alex!Lab2026'), 'STATUS_PASSWORD_EXPIRED');
  });
});

describe('the challenge ledger', () => {
  it('lets a challenge be used again once its lifetime has passed', () => {
    const ledger = new ChallengeLedger();
    assert.equal(ledger.consume('00aa', 'guid', 1_000, 0), true);
    assert.equal(ledger.consume('00AA', 'guid', 1_000, 999), false);
    assert.equal(ledger.consume('00aa', 'guid', 3_000, 1_000), true);
  });

  it('forgets expired challenges when it grows past its sweep size', () => {
    const ledger = new ChallengeLedger(2);
    ledger.consume('01', 'guid', 10, 0);
    ledger.consume('02', 'guid', 10, 0);
    ledger.consume('03', 'guid', 100, 50);
    assert.equal(ledger.size, 1);
  });
});
