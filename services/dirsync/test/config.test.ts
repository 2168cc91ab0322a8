import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Environment } from '../../../shared/config/service-config.ts';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { loadDirsyncConfig } from '../src/config.ts';

const seed = loadSeed();

/** Asserts that `env` fails on exactly `setting`, and that the message shows the bad value. */
function assertRejects(env: Environment, setting: string, badValue: string): void {
  assert.throws(
    () => loadDirsyncConfig(env, seed),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.setting, setting);
      assert.ok(error.message.includes(setting), `message does not name ${setting}: ${error.message}`);
      assert.ok(error.message.includes(`"${badValue}"`), `message does not show "${badValue}": ${error.message}`);
      return true;
    },
  );
}

describe('loadDirsyncConfig', () => {
  it('syncs attributes every 1800 s and passwords every 120 s by default, as AD Connect does', () => {
    const config = loadDirsyncConfig({}, seed);
    assert.equal(config.attributeIntervalSeconds, 1800);
    assert.equal(config.passwordIntervalSeconds, 120);
  });

  it('takes the tenant, the directory and both sync accounts from the seed', () => {
    const config = loadDirsyncConfig({}, seed);
    assert.equal(config.tenantId, '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60');
    assert.equal(config.baseDn, 'DC=contoso,DC=test');
    assert.equal(config.netbios, 'CONTOSO');
    assert.equal(config.dcHost, 'dc.contoso.test');
    assert.deepEqual(config.adAccount, { sAMAccountName: 'MSOL_7a1c0f2e5d4b', password: 'MsolSync!Lab2026' });
    assert.deepEqual(config.cloudAccount, { userPrincipalName: 'sync_dirsync@contoso.onmicrosoft.test', password: 'Sync!Lab2026' });
  });

  it('accepts whole-second intervals from 1 to 86400', () => {
    const config = loadDirsyncConfig({ LAB_SYNC_INTERVAL_SECONDS: '86400', LAB_PASSWORD_SYNC_INTERVAL_SECONDS: '1' }, seed);
    assert.equal(config.attributeIntervalSeconds, 86_400);
    assert.equal(config.passwordIntervalSeconds, 1);
  });

  for (const setting of ['LAB_SYNC_INTERVAL_SECONDS', 'LAB_PASSWORD_SYNC_INTERVAL_SECONDS']) {
    for (const bad of ['0', '-1', 'abc', '1.5', '100000', '86401']) {
      it(`rejects ${setting}="${bad}" with a ConfigError naming ${setting}`, () => {
        assertRejects({ [setting]: bad }, setting, bad);
      });
    }
  }
});
