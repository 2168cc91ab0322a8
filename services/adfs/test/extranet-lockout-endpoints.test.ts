import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { incorrectCredentialsText } from '../src/domain/passive/sign-in.ts';
import { defaultExtranetLockoutSettings, loadExtranetLockoutSettings } from '../src/domain/extranet-lockout/settings.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { openSignInPage, postForm, signInUrl, textOfId } from './support/passive-browser.ts';
import { readFault } from './support/responses.ts';
import { buildRst, endpointOf } from './support/rst.ts';

/**
 * Extranet smart lockout as clients meet it: through the proxy (X-MS-Proxy and
 * X-MS-Forwarded-Client-IP, as the trusted WAP sends them) a locked-out user gets
 * exactly the answer of a wrong password, on usernamemixed and on the forms page, and
 * the corp-only management endpoints show and reset the counters.
 */
const attacker = { 'x-ms-proxy': 'wap', 'x-ms-forwarded-client-ip': '203.0.113.66' };

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs({ extranetLockout: { ...defaultExtranetLockoutSettings, threshold: 2, familiarThreshold: 2 } });
});
after(() => adfs.close());

async function usernameMixed(username: string, password: string, headers: Record<string, string> = attacker) {
  const response = await adfs.app.inject({ method: 'POST', url: endpointOf('13'), headers: { 'content-type': 'application/soap+xml; charset=utf-8', ...headers }, payload: buildRst({ version: '13', created: adfs.clock.now(), username, password }) });
  return { status: response.statusCode, fault: response.statusCode === 500 ? readFault(response) : undefined, labErrorCode: /<LabErrorCode>([^<]*)</.exec(response.body)?.[1] };
}

async function formsSignIn(username: string, password: string) {
  const rendered = await openSignInPage(adfs, signInUrl());
  const response = await postForm(adfs, rendered, { fields: { UserName: username, Password: password }, headers: attacker });
  return { status: response.statusCode, errorText: textOfId(response.body, 'errorText'), issued: response.body.includes('name="hiddenform"') };
}

const management = (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) =>
  adfs.app.inject({ method, url: `/adfs/management/${path}`, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, payload: body ? JSON.stringify(body) : undefined });

describe('extranet smart lockout at the endpoints', () => {
  it('answers a locked-out user on usernamemixed with the very fault of a wrong password', async () => {
    const wrong = await usernameMixed('mary@contoso.test', 'Wrong!1');
    await usernameMixed('mary@contoso.test', 'Wrong!2');
    const locked = await usernameMixed('mary@contoso.test', 'Mary!Lab2026');
    assert.deepEqual(locked, wrong);
    assert.equal(locked.fault?.subcode, 'a:FailedAuthentication');
    assert.equal(locked.fault?.reason, 'MSIS3127: The specified request failed.');
    assert.equal((await usernameMixed('mary@contoso.test', 'Mary!Lab2026', {})).status, 200, 'from corp (no proxy) Mary still signs in');
  });

  it('shows a locked-out user the forms page with the wrong-password text, and issues nothing', async () => {
    const wrong = await formsSignIn('alex@contoso.test', 'Wrong!1');
    await formsSignIn('alex@contoso.test', 'Wrong!2');
    const locked = await formsSignIn('alex@contoso.test', 'Alex!Lab2026');
    assert.deepEqual(locked, wrong);
    assert.deepEqual([locked.status, locked.errorText, locked.issued], [200, incorrectCredentialsText, false]);
  });

  it('shows the account activity and resets it from corp, and refuses both through the proxy', async () => {
    const shown = await management('GET', 'account-activity?user=alex%40contoso.test');
    assert.equal(shown.statusCode, 200, shown.body);
    const activity = JSON.parse(shown.body);
    assert.deepEqual([activity.Identifier, activity.BadPwdCountUnknown, activity.UnknownLockout, activity.FamiliarLockout, activity.ExtranetLockoutMode], ['alex@contoso.test', 2, true, false, 'AdfsSmartLockoutEnforce']);
    const fromOutside = await management('POST', 'reset-lockout', { user: 'alex@contoso.test' }, attacker);
    assert.deepEqual([fromOutside.statusCode, JSON.parse(fromOutside.body).error], [403, 'MANAGEMENT_FROM_EXTRANET']);
    const reset = await management('POST', 'reset-lockout', { user: 'alex@contoso.test', location: 'unknown' });
    assert.deepEqual([JSON.parse(reset.body).UnknownLockout, JSON.parse(reset.body).BadPwdCountUnknown], [false, 0]);
    assert.equal((await formsSignIn('alex@contoso.test', 'Alex!Lab2026')).issued, true);
  });

  it('answers a name it keeps no activity for, and a bad location, with a JSON 400', async () => {
    const bare = await management('GET', 'account-activity?user=alex');
    assert.deepEqual([bare.statusCode, JSON.parse(bare.body).error], [400, 'INVALID_USER_NAME']);
    const location = await management('POST', 'reset-lockout', { user: 'alex@contoso.test', location: 'everywhere' });
    assert.equal(location.statusCode, 400);
  });
});

describe('extranet smart lockout settings', () => {
  it('defaults to enforce, 5 bad passwords and a 30-minute window', () => {
    assert.deepEqual(loadExtranetLockoutSettings({}), { mode: 'enforce', threshold: 5, familiarThreshold: 5, observationWindowSeconds: 1800, maxFamiliarIps: 20 });
  });

  it('reads each setting, the familiar threshold defaulting to the threshold', () => {
    const settings = loadExtranetLockoutSettings({ LAB_ADFS_EXTRANET_LOCKOUT: 'log-only', LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD: '3', LAB_ADFS_EXTRANET_OBSERVATION_WINDOW_SECONDS: '60' });
    assert.deepEqual([settings.mode, settings.threshold, settings.familiarThreshold, settings.observationWindowSeconds], ['log-only', 3, 3, 60]);
  });

  it('refuses a bad value with a message naming the setting', () => {
    assert.throws(() => loadExtranetLockoutSettings({ LAB_ADFS_EXTRANET_LOCKOUT: 'on' }), /LAB_ADFS_EXTRANET_LOCKOUT is "on"; expected one of enforce, log-only, off/);
    assert.throws(() => loadExtranetLockoutSettings({ LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD: '0' }), /LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD is "0"; expected a whole number from 1 to 1000/);
    assert.throws(() => loadExtranetLockoutSettings({ LAB_ADFS_EXTRANET_OBSERVATION_WINDOW_SECONDS: '30m' }), /LAB_ADFS_EXTRANET_OBSERVATION_WINDOW_SECONDS/);
  });
});
