import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { buildRst } from '../../shared/ws-trust/rst.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';
import { FormClient, formsOf } from '../support/form-client.ts';
import { lab } from '../support/identity.ts';

/**
 * AD FS extranet smart lockout on the local lab (security.md, password spraying). An
 * attacker on the internet at 127.18.0.66 sprays Joe's password through edge → WAP →
 * usernamemixed; Joe has signed in before from his own internet address, 127.18.0.100.
 * The WAP reports each address in X-MS-Forwarded-Client-IP, so AD FS counts the
 * attacker's guesses against unknown locations, refuses them at the threshold without
 * asking the dc, and lets Joe in from home and from corp until an administrator resets it.
 */
const usernameMixed13 = 'https://fs.contoso.test/adfs/services/trust/13/usernamemixed';
const passiveSignIn = 'https://fs.contoso.test/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=esl-test';
const joe = { user: 'joe@contoso.test', password: 'Joe!Lab2026' };
const home = '127.18.0.100';
const attacker = '127.18.0.66';
const threshold = 3;

describe('AD FS extranet smart lockout through the WAP', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  const clients: LabHttpClient[] = [];
  const from = (network: 'internet' | 'corp', address?: string): LabHttpClient => {
    const client = clientOn(network, testLab.certsDir, address);
    clients.push(client);
    return client;
  };

  before(async () => {
    testLab = await startTestLab({ env: { LAB_SYNC_SCHEDULE: 'off', LAB_ADFS_EXTRANET_LOCKOUT: 'enforce', LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD: String(threshold) } });
    env = { LAB_CERTS_DIR: testLab.certsDir };
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await testLab?.dispose();
  });

  async function signIn(http: LabHttpClient, password: string, spoofed: Record<string, string> = {}): Promise<{ status: number; subcode: string | undefined; reason: string; labErrorCode: string | undefined }> {
    const response = await http.request(usernameMixed13, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8', ...spoofed }, body: buildRst({ version: '13', username: joe.user, password, to: usernameMixed13 }) });
    return {
      status: response.status,
      subcode: /<s:Subcode><s:Value[^>]*>([^<]*)</.exec(response.body)?.[1],
      reason: /<s:Text[^>]*>([^<]*)</.exec(response.body)?.[1] ?? '',
      labErrorCode: /<LabErrorCode>([^<]*)</.exec(response.body)?.[1],
    };
  }

  const badPassword = { status: 500, subcode: 'a:FailedAuthentication', reason: 'MSIS3127: The specified request failed.', labErrorCode: 'FAILED_AUTHENTICATION' };

  async function activity(): Promise<Record<string, unknown>> {
    const shown = await lab(['adfs', 'account-activity', joe.user, '--as', 'corp', '--json'], env);
    assert.equal(shown.code, 0, shown.stderr);
    return JSON.parse(shown.stdout) as Record<string, unknown>;
  }

  it('Joe signs in from his home address on the internet, which becomes a familiar location', async () => {
    assert.equal((await signIn(from('internet', home), joe.password)).status, 200);
    assert.deepEqual((await activity()).FamiliarIps, [home]);
  });

  it('a password spray from another address is refused at the threshold, with the answer of a wrong password', async () => {
    const spray = from('internet', attacker);
    for (let guess = 1; guess <= threshold; guess += 1) assert.deepEqual(await signIn(spray, `Spring2026!${guess}`), badPassword);
    assert.deepEqual(await signIn(spray, joe.password), badPassword, 'even the right password gets the answer of a wrong one');
    // The edge sets X-Forwarded-For and the WAP X-MS-Forwarded-Client-IP: a client cannot claim Joe's address.
    assert.deepEqual(await signIn(spray, joe.password, { 'x-forwarded-for': home, 'x-ms-forwarded-client-ip': home }), badPassword);
    const now = await activity();
    assert.deepEqual([now.BadPwdCountUnknown, now.UnknownLockout, now.BadPwdCountFamiliar, now.FamiliarLockout], [threshold, true, 0, false]);
  });

  it('refuses the locked location without contacting the dc: with the dc down the attacker still gets a wrong-password fault', async () => {
    await testLab.stop('dc');
    try {
      assert.deepEqual(await signIn(from('internet', attacker), joe.password), badPassword);
      const fromHome = await signIn(from('internet', home), joe.password);
      assert.equal(fromHome.subcode, undefined, 'a familiar location does go to the dc, which is down');
      assert.match(fromHome.reason, /cannot be reached over LDAPS \(hop: adfs → dc\.contoso\.test:636\)/);
    } finally {
      await testLab.start('dc');
    }
    // Only the guesses below the threshold ever reached the dc: AD's own lockout (baseline 10) is never approached.
    assert.equal((await activity()).BadPwdCountUnknown, threshold);
  });

  it('logs the real reason: AD FS records the refusal with the hop and the attacker’s address', () => {
    const decisions = testLab.services.get('adfs')!.context.trace.recent().filter((event) => event.kind === 'decision');
    const refusal = decisions.map((event) => event.summary.extranetLockout as Record<string, unknown>).find((event) => event.code === 'EXTRANET_LOCKOUT_REFUSED');
    assert.ok(refusal, JSON.stringify(decisions));
    assert.deepEqual([refusal.hop, refusal.clientIps, refusal.location, refusal.adfsEventId], ['wap → adfs (extranet lockout)', [attacker], 'unknown', 516]);
  });

  it('Joe still signs in from his familiar address and from corp (intranet sign-ins are not subject to it)', async () => {
    assert.equal((await signIn(from('internet', home), joe.password)).status, 200);
    assert.equal((await signIn(from('corp'), joe.password)).status, 200);
  });

  it('shows, on the WAP’s sign-in page, AD FS’s wrong-password text at the locked location, even for the right password', async () => {
    const browser = new FormClient(from('internet', attacker));
    const page = await browser.navigate(passiveSignIn);
    assert.equal(page.response.status, 200);
    assert.match(String(page.response.headers.via), /1\.1 wap, 1\.1 edge/, 'AD FS’s answer, through the WAP');
    assert.match(page.response.body, /<header id="wapBanner">Web Application Proxy/);
    const [form] = formsOf(page.response.body, page.url);
    const posted = await browser.send(form!.action, { method: 'POST', form: { ...form!.fields, UserName: joe.user, Password: joe.password } });
    assert.equal(posted.status, 200);
    assert.match(posted.body, /id="errorText"[^>]*>Incorrect user ID or password/);
    assert.match(posted.body, /<header id="wapBanner">Web Application Proxy/);
    assert.doesNotMatch(posted.body, /name="hiddenform"/);
  });

  it('keeps the lockout across an AD FS restart: the counters live in its artifact store', async () => {
    await testLab.stop('adfs');
    await testLab.start('adfs');
    assert.deepEqual(await signIn(from('internet', attacker), joe.password), badPassword);
  });

  it('answers the management endpoints on corp only: the WAP does not publish them', async () => {
    const outside = await lab(['adfs', 'account-activity', joe.user, '--as', 'internet'], env);
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /is not published by the Web Application Proxy/);
  });

  it('reset-lockout clears the unknown counter, and the next sign-in from that address goes through', async () => {
    const reset = await lab(['adfs', 'reset-lockout', joe.user, '--location', 'unknown', '--as', 'corp'], env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /UnknownLockout\s+: false/);
    assert.equal((await signIn(from('internet', attacker), joe.password)).status, 200);
    assert.deepEqual((await activity()).FamiliarIps, [home, attacker]);
  });
});
