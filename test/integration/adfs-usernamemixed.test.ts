import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadServiceConfig } from '../../shared/config/service-config.ts';
import { ensurePki, loadKeyPair, loadLabCa } from '../../shared/pki/index.ts';
import { createReplayCache, extractAssertionFromRstr, verifySaml11Assertion } from '../../shared/saml/verify.ts';
import { startService, type RunningService } from '../../shared/service/run.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { elementsNamed } from '../../shared/xml/dom.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';
import { adfsService } from '../../services/adfs/src/app.ts';
import { defaultAdfsConfig } from '../../services/adfs/src/config.ts';
import { createLdapCredentialChecker } from '../../services/adfs/src/domain/credentials/ldap-credential-checker.ts';
import { dcService } from '../../services/dc/src/app.ts';
import { buildRst, endpointOf } from '../../services/adfs/test/support/rst.ts';

/**
 * AD FS's credential check against the real dc: only the dc and adfs run, in process,
 * on their local addresses. usernamemixed binds to dc.contoso.test over LDAPS from
 * adfs's vantage, and the dc's bind diagnostics (52e, 533, 773) become the faults.
 */
const soap12 = 'http://www.w3.org/2003/05/soap-envelope';

describe('adfs usernamemixed with the dc over LDAPS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-adfs-it-'));
  const env = (container: string) => ({ LAB_CONTAINER: container, LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: join(dir, 'certs'), LAB_STATE_DIR: join(dir, 'state', container), LAB_LOG_LEVEL: 'silent' });
  const dcConfig = loadServiceConfig(env('dc'));
  const adfsConfig = loadServiceConfig(env('adfs'));
  let dc: RunningService | undefined;
  let adfs: RunningService;

  before(async () => {
    ensurePki(adfsConfig.certsDir);
    dc = await startService(dcService, dcConfig);
    adfs = await startService(adfsService, adfsConfig);
  });
  after(async () => {
    await adfs?.close();
    await dc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function usernameMixed(username: string, password: string, version: '2005' | '13' = '2005') {
    const response = await adfs.app.inject({ method: 'POST', url: endpointOf(version), headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, payload: buildRst({ version, username, password }) });
    const values = elementsNamed(parseXml(response.body), soap12, 'Value').map((value) => value.textContent);
    const reason = elementsNamed(parseXml(response.body), soap12, 'Text')[0]?.textContent ?? '';
    return { status: response.statusCode, body: response.body, code: values[0], subcode: values[1], reason };
  }

  /** The same RST over real HTTPS to adfs's listener, the lab CA the only trust anchor and fs.contoso.test as SNI. */
  function overHttps(payload: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request({ host: addressOf('adfs', 'corp', localPlan), port: 443, servername: 'fs.contoso.test', ca: loadLabCa(adfsConfig.certsDir), method: 'POST', path: endpointOf('13'), headers: { 'content-type': 'application/soap+xml; charset=utf-8', host: 'fs.contoso.test' } }, (incoming) => {
        let body = '';
        incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
      });
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  it('issues mary an assertion, over HTTPS to fs.contoso.test, whose ImmutableID comes from her objectGUID in the dc', async () => {
    const response = await overHttps(buildRst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026' }));
    assert.equal(response.status, 200, response.body);
    const verified = verifySaml11Assertion(extractAssertionFromRstr(response.body), {
      trustedCertificates: [loadKeyPair(adfsConfig.certsDir, 'signing/adfs-token-signing').certPem],
      issuer: 'http://fs.contoso.test/adfs/services/trust',
      audience: 'urn:federation:MicrosoftOnline',
      now: new Date(),
      replayCache: createReplayCache(),
    });
    assert.equal(verified.nameIdentifier, 'Hk8qbTyLWk6fECs8TV5vcQ==');
    assert.deepEqual(verified.attributes.get('http://schemas.xmlsoap.org/claims/UPN'), ['mary@contoso.test']);
  });

  it('issues for the down-level name CONTOSO\\mary too, with the UPN the dc holds', async () => {
    const result = await usernameMixed('CONTOSO\\mary', 'Mary!Lab2026');
    assert.equal(result.status, 200, result.body);
    assert.match(result.body, />mary@contoso\.test</);
  });

  it('answers a bad password (52e) with a:FailedAuthentication and MSIS3127', async () => {
    const result = await usernameMixed('mary@contoso.test', 'wrong');
    assert.deepEqual([result.status, result.code, result.subcode, result.reason], [500, 's:Sender', 'a:FailedAuthentication', 'MSIS3127: The specified request failed.']);
  });

  it('answers pat, whose password must change (773), with a:FailedAuthentication.ExpiredPassword', async () => {
    const result = await usernameMixed('pat@contoso.test', 'Pat!Lab2026', '13');
    assert.equal(result.status, 500);
    assert.equal(result.subcode, 'a:FailedAuthentication.ExpiredPassword');
    assert.match(result.reason, /https:\/\/fs\.contoso\.test\//);
  });

  it('answers the disabled eve (533) and an unknown user (525) like a bad password', async () => {
    for (const [username, password] of [['eve@contoso.test', 'Eve!Lab2026'], ['nobody@contoso.test', 'Nobody!Lab2026']] as const) {
      const result = await usernameMixed(username, password);
      assert.deepEqual([result.status, result.subcode, result.reason], [500, 'a:FailedAuthentication', 'MSIS3127: The specified request failed.'], username);
    }
  });

  it('reads the dc\'s data codes through the credential checker: 52e, 533, 525 and 773 each as their own failure', async () => {
    const checker = createLdapCredentialChecker(adfs.context.vantage, adfs.context.tls.ca, defaultAdfsConfig.directory);
    const cases = [['mary@contoso.test', 'wrong', 'bad-password'], ['eve@contoso.test', 'Eve!Lab2026', 'account-disabled'], ['nobody@contoso.test', 'x', 'no-such-user'], ['pat@contoso.test', 'Pat!Lab2026', 'password-must-change']] as const;
    for (const [username, password, failure] of cases) assert.deepEqual(await checker.check(username, password), { ok: false, failure }, username);
    assert.deepEqual(await checker.check('mary@contoso.test', 'Mary!Lab2026'), { ok: true, user: { objectGUID: '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71', userPrincipalName: 'mary@contoso.test', sAMAccountName: 'mary' } });
  });

  it('refuses an empty password, which the dc would take as an anonymous bind', async () => {
    assert.equal((await usernameMixed('mary@contoso.test', '')).subcode, 'a:FailedAuthentication');
  });

  it('answers with an s:Receiver fault naming the hop to the dc once the dc is down', async () => {
    await dc?.close();
    dc = undefined;
    const result = await usernameMixed('mary@contoso.test', 'Mary!Lab2026');
    assert.deepEqual([result.status, result.code, result.subcode], [500, 's:Receiver', undefined]);
    assert.match(result.reason, /cannot be reached over LDAPS \(hop: adfs → dc\.contoso\.test:636\)/);
  });
});
