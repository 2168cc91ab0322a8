import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadSeed } from '../../../shared/seed/seed.ts';
import type { CredentialChecker, LogonContext } from '../src/domain/credentials/credential-checker.ts';
import { openAccountActivityStore, type AccountActivityStore } from '../src/domain/extranet-lockout/account-activity-store.ts';
import { accountActivityAdmin } from '../src/domain/extranet-lockout/account-activity-view.ts';
import type { LockoutEvent, LockoutRecorder } from '../src/domain/extranet-lockout/events.ts';
import { withExtranetLockout } from '../src/domain/extranet-lockout/extranet-lockout.ts';
import { defaultExtranetLockoutSettings, type ExtranetLockoutSettings } from '../src/domain/extranet-lockout/settings.ts';
import { FrozenClock } from './support/adfs-app.ts';
import { seedDirectoryStandIn } from './support/seed-directory-stand-in.ts';

/**
 * Extranet smart lockout around a directory stand-in that counts what reaches it, on a
 * real SQLite store and a frozen clock: threshold, window, familiar vs unknown, log-only,
 * reset and restart.
 */
const home = '198.51.100.7';
const attacker = '203.0.113.66';
const viaWap = (ip: string): LogonContext => ({ activityId: 'test', extranet: { proxy: 'wap', clientIps: [ip] } });
const settings: ExtranetLockoutSettings = { ...defaultExtranetLockoutSettings, threshold: 3, familiarThreshold: 3, observationWindowSeconds: 600 };

let dir: string;
let store: AccountActivityStore;
let clock: FrozenClock;
let dcCalls: number;
let events: LockoutEvent['code'][];
let directory: CredentialChecker;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-esl-'));
  store = openAccountActivityStore(dir);
  clock = new FrozenClock();
  dcCalls = 0;
  events = [];
  directory = await seedDirectoryStandIn(loadSeed());
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const recorder: LockoutRecorder = { record: (event) => events.push(event.code) };

function guarded(options: Partial<ExtranetLockoutSettings> = {}, inner: CredentialChecker = directory): CredentialChecker {
  const counting: CredentialChecker = {
    check: (username, password, context) => {
      dcCalls += 1;
      return inner.check(username, password, context);
    },
  };
  return withExtranetLockout(counting, { settings: { ...settings, ...options }, store, clock: clock.now, events: recorder, forest: 'contoso.test' });
}

async function spray(checker: CredentialChecker, times: number, ip = attacker, user = 'joe@contoso.test'): Promise<void> {
  for (let i = 0; i < times; i += 1) assert.deepEqual(await checker.check(user, `Guess${i}!`, viaWap(ip)), { ok: false, failure: 'bad-password' });
}

describe('extranet smart lockout', () => {
  it('refuses an unknown location once its bad passwords reach the threshold, without contacting the dc', async () => {
    const checker = guarded();
    await spray(checker, 3);
    assert.equal(dcCalls, 3);
    assert.deepEqual(await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'extranet-lockout' });
    assert.equal(dcCalls, 3, 'the locked request never reached the dc');
    assert.deepEqual(events, ['EXTRANET_BAD_PASSWORD', 'EXTRANET_BAD_PASSWORD', 'EXTRANET_BAD_PASSWORD', 'EXTRANET_LOCKED_OUT', 'EXTRANET_LOCKOUT_REFUSED']);
  });

  it('lets a familiar location sign in while unknown locations are locked, and keeps the unknown counter', async () => {
    const checker = guarded();
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(home))).ok, true);
    await spray(checker, 3);
    const joe = await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(home));
    assert.equal(joe.ok, true);
    const activity = store.read('upn:joe@contoso.test');
    assert.deepEqual([activity.badPwdCountUnknown, activity.badPwdCountFamiliar, activity.familiarIps], [3, 0, [home]]);
    assert.deepEqual(await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'extranet-lockout' });
  });

  it('counts bad passwords from a familiar location on their own counter, against the familiar threshold', async () => {
    const checker = guarded({ familiarThreshold: 2 });
    await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(home));
    await spray(checker, 2, home);
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(home))).ok, false);
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker))).ok, true, 'the unknown counter is still at zero');
  });

  it('treats a request as unknown when any of its addresses is not familiar', async () => {
    const checker = guarded();
    await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(home));
    await spray(checker, 3, home);
    const mixed: LogonContext = { extranet: { proxy: 'wap', clientIps: [home, attacker] } };
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', mixed)).ok, true, 'mixed addresses are an unknown location, whose counter is zero');
  });

  it('allows one attempt once the observation window has passed, and locks again for a window if it is wrong', async () => {
    const checker = guarded();
    await spray(checker, 3);
    clock.advance(599);
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker))).ok, false);
    clock.advance(1);
    await spray(checker, 1);
    assert.equal(dcCalls, 4);
    clock.advance(599);
    assert.deepEqual(await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'extranet-lockout' });
    clock.advance(1);
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker))).ok, true, 'a correct password after the window signs in');
    assert.equal(store.read('upn:joe@contoso.test').badPwdCountUnknown, 0, 'and resets the counter');
    assert.deepEqual(store.read('upn:joe@contoso.test').familiarIps, [attacker]);
  });

  it('in log-only mode counts and logs what it would refuse but lets every request reach the dc', async () => {
    const checker = guarded({ mode: 'log-only' });
    await spray(checker, 3);
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker))).ok, true);
    assert.equal(dcCalls, 4);
    assert.deepEqual(events.slice(-3), ['EXTRANET_LOCKED_OUT', 'EXTRANET_LOCKOUT_LOG_ONLY', 'EXTRANET_LOCKED_CORRECT_PASSWORD']);
  });

  it('leaves intranet sign-ins (no proxy) alone, and everything alone when off', async () => {
    const checker = guarded();
    for (let i = 0; i < 5; i += 1) await checker.check('joe@contoso.test', 'wrong', {});
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026')).ok, true);
    const off = guarded({ mode: 'off' });
    await spray(off, 5);
    assert.equal((await off.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker))).ok, true);
    assert.deepEqual(events, []);
    assert.equal(store.read('upn:joe@contoso.test').badPwdCountUnknown, 0);
  });

  it('counts nothing for an unknown user, an expired password or a disabled account: only 52e is a bad password', async () => {
    const checker = guarded();
    for (const [user, password] of [['nobody@contoso.test', 'x'], ['pat@contoso.test', 'Pat!Lab2026'], ['eve@contoso.test', 'Eve!Lab2026']] as const) {
      for (let i = 0; i < 4; i += 1) assert.notEqual((await checker.check(user, password, viaWap(attacker))).ok, true);
    }
    assert.equal(dcCalls, 12);
    assert.deepEqual(events, []);
  });

  it('refuses, from the extranet, a name it could not count (a DN, a bare name)', async () => {
    const checker = guarded();
    assert.deepEqual(await checker.check('CN=Joe Bloggs,CN=Users,DC=contoso,DC=test', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'no-such-user' });
    assert.deepEqual(await checker.check('joe', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'no-such-user' });
    assert.equal(dcCalls, 0);
  });

  it('counts guesses under every name of the account once a sign-in has told AD FS its names', async () => {
    const checker = guarded();
    assert.equal((await checker.check('CONTOSO\\joe', 'Joe!Lab2026', viaWap(home))).ok, true);
    await spray(checker, 1, attacker, 'contoso\\JOE');
    await spray(checker, 1, attacker, 'joe@contoso.test');
    await spray(checker, 1, attacker, 'CONTOSO\\joe');
    assert.deepEqual(await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'extranet-lockout' });
    assert.equal(store.read('upn:joe@contoso.test').badPwdCountUnknown, 3);
  });

  it('folds what was counted under a name into the account when the name is learned', () => {
    store.countBadPassword('sam:joe', 'unknown', clock.now());
    store.countBadPassword('upn:joe@contoso.test', 'unknown', clock.now());
    store.learnAliases('upn:joe@contoso.test', ['sam:joe'], 20, clock.now());
    assert.equal(store.read('upn:joe@contoso.test').badPwdCountUnknown, 2);
    assert.equal(store.read('upn:joe@contoso.test').lastFailedAuthFamiliar, null);
    assert.equal(store.resolve('sam:joe'), 'upn:joe@contoso.test');
  });

  it('holds parallel guesses at the dc as bad until answered, so a burst cannot pass the threshold', async () => {
    const slow: CredentialChecker = { check: async (username, password) => new Promise((resolve) => setTimeout(() => resolve(directory.check(username, password)), 20)) };
    const checker = guarded({}, slow);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => checker.check('joe@contoso.test', `Burst${i}`, viaWap(attacker))));
    assert.equal(dcCalls, 3);
    assert.equal(results.filter((result) => !result.ok && result.failure === 'extranet-lockout').length, 5);
  });

  it('keeps at most 20 familiar IPs, dropping the oldest', async () => {
    const checker = guarded();
    for (let i = 1; i <= 22; i += 1) await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(`192.0.2.${i}`));
    const ips = store.read('upn:joe@contoso.test').familiarIps;
    assert.equal(ips.length, 20);
    assert.deepEqual([ips[0], ips.at(-1)], ['192.0.2.3', '192.0.2.22']);
  });

  it('Reset-AdfsAccountLockout clears the unknown counter, and the account signs in again from there', async () => {
    const checker = guarded();
    await spray(checker, 3);
    const admin = accountActivityAdmin(store, settings, clock.now);
    assert.equal(admin.read('joe@contoso.test').UnknownLockout, true);
    const after = admin.reset('joe@contoso.test', ['unknown']);
    assert.deepEqual([after.UnknownLockout, after.BadPwdCountUnknown], [false, 0]);
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker))).ok, true);
    assert.throws(() => admin.read('joe'), { code: 'INVALID_USER_NAME' });
  });

  it('survives a restart: the counters, the lockout and the familiar IPs are in the artifact store', async () => {
    await guarded().check('joe@contoso.test', 'Joe!Lab2026', viaWap(home));
    await spray(guarded(), 3);
    store.close();
    store = openAccountActivityStore(dir);
    const checker = guarded();
    assert.deepEqual(await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(attacker)), { ok: false, failure: 'extranet-lockout' });
    assert.equal((await checker.check('joe@contoso.test', 'Joe!Lab2026', viaWap(home))).ok, true);
  });
});
