import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';
import { eventually, lab, passwordSignIn } from '../support/identity.ts';

/**
 * Flow F1's schedules on the local lab, with a 3-second password cycle: a password
 * changed in AD works in the cloud within one cycle and the old one stops working;
 * a disabled AD account is refused with the disabled-account message after the next sync.
 */
const passwordCycleSeconds = 3;

describe('password hash sync follows AD within one password cycle', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  let http: ReturnType<typeof clientOn>;
  const signIn = (password: string) => passwordSignIn(http, 'sam@litware.test', password);

  before(async () => {
    testLab = await startTestLab({ env: { LAB_PASSWORD_SYNC_INTERVAL_SECONDS: String(passwordCycleSeconds) } });
    env = { LAB_CERTS_DIR: testLab.certsDir };
    http = clientOn('internet', testLab.certsDir);
    // The first full sync runs by itself at start-up.
    assert.ok(await eventually(30, async () => (await signIn('Sam!Lab2026')).status === 200), 'the start-up sync brought Sam and his password hash to the cloud');
  });
  after(async () => {
    await http?.close();
    await testLab?.dispose();
  });

  it('signs Sam in with the new password, and not the old, within one password-sync cycle after lab ad set-password', async () => {
    const changed = await lab(['ad', 'set-password', 'sam', 'Sam!Changed2026', '--as', 'corp'], env);
    assert.equal(changed.code, 0, changed.stderr);
    const started = Date.now();
    assert.ok(await eventually(passwordCycleSeconds + 5, async () => (await signIn('Sam!Changed2026')).status === 200), 'the new password works in the cloud');
    assert.ok(Date.now() - started <= (passwordCycleSeconds + 5) * 1000);
    const old = await signIn('Sam!Lab2026');
    assert.equal(old.status, 400);
    assert.match(old.body.error_description ?? '', /AADSTS50126/);
  });

  it('refuses Sam with the disabled-account message once a sync has carried his disabled AD account', async () => {
    const disabled = await lab(['ad', 'disable', 'sam', '--as', 'corp'], env);
    assert.equal(disabled.code, 0, disabled.stderr);
    const sync = await lab(['sync', 'now', '--delta', '--as', 'corp', '--json'], env);
    assert.equal(JSON.parse(sync.stdout).updates, 1, sync.stdout);
    const refused = await signIn('Sam!Changed2026');
    assert.equal(refused.status, 400);
    assert.match(refused.body.error_description ?? '', /AADSTS50057/);
  });
});
