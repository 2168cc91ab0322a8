import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../errors/lab-error.ts';
import { dockerPlan, localPlan } from '../../topology/index.ts';
import { defaultListeners, loadServiceConfig, type Environment } from '../service-config.ts';

/** Asserts that loading `env` fails on exactly `setting`, and that the message shows the bad value. */
function assertRejects(env: Environment, setting: string, badValue: string): void {
  assert.throws(
    () => loadServiceConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.setting, setting);
      assert.ok(error.message.includes(setting), `message does not name ${setting}: ${error.message}`);
      assert.ok(error.message.includes(badValue), `message does not show "${badValue}": ${error.message}`);
      return true;
    },
  );
}

describe('loadServiceConfig defaults', () => {
  it('uses the docker plan, the system resolver, ./certs, ./.state/<container> and level info when only LAB_CONTAINER is set', () => {
    const config = loadServiceConfig({ LAB_CONTAINER: 'adfs' });
    assert.equal(config.container, 'adfs');
    assert.equal(config.plan, dockerPlan);
    assert.equal(config.resolver, 'system');
    assert.equal(config.certsDir, resolve('certs'));
    assert.equal(config.stateDir, resolve('.state/adfs'));
    assert.equal(config.logLevel, 'info');
    assert.deepEqual(config.listeners, [{ kind: 'https', host: '0.0.0.0', port: 443 }]);
  });

  it('accepts every setting when each is well formed', () => {
    const config = loadServiceConfig({
      LAB_CONTAINER: 'edge',
      LAB_ADDRESS_PLAN: 'local',
      LAB_RESOLVER: 'topology',
      LAB_LISTEN: 'https@127.18.0.2:8443, proxy@127.18.2.2:3128',
      LAB_CERTS_DIR: '/srv/certs',
      LAB_STATE_DIR: '/srv/state',
      LAB_LOG_LEVEL: 'silent',
    });
    assert.equal(config.plan, localPlan);
    assert.equal(config.resolver, 'topology');
    assert.deepEqual(config.listeners, [
      { kind: 'https', host: '127.18.0.2', port: 8443 },
      { kind: 'proxy', host: '127.18.2.2', port: 3128 },
    ]);
    assert.equal(config.certsDir, '/srv/certs');
    assert.equal(config.stateDir, '/srv/state');
    assert.equal(config.logLevel, 'silent');
  });
});

describe('loadServiceConfig rejects a malformed setting by name', () => {
  it('rejects a missing LAB_CONTAINER', () => {
    assert.throws(() => loadServiceConfig({}), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_CONTAINER');
  });

  it('rejects an empty LAB_CONTAINER as missing', () => {
    assert.throws(() => loadServiceConfig({ LAB_CONTAINER: '' }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_CONTAINER');
  });

  it('rejects a LAB_CONTAINER that is not in the topology', () => {
    assertRejects({ LAB_CONTAINER: 'mailbox-server' }, 'LAB_CONTAINER', 'mailbox-server');
  });

  it('rejects an object-prototype name such as toString as a container', () => {
    assertRejects({ LAB_CONTAINER: 'toString' }, 'LAB_CONTAINER', 'toString');
  });

  it('rejects an unknown LAB_ADDRESS_PLAN', () => {
    assertRejects({ LAB_CONTAINER: 'adfs', LAB_ADDRESS_PLAN: 'kubernetes' }, 'LAB_ADDRESS_PLAN', 'kubernetes');
  });

  it('rejects an unknown LAB_RESOLVER', () => {
    assertRejects({ LAB_CONTAINER: 'adfs', LAB_RESOLVER: 'dns-over-https' }, 'LAB_RESOLVER', 'dns-over-https');
  });

  for (const entry of ['https@host', 'ftp@1.2.3.4:1', 'https@0.0.0.0:70000', 'https@0.0.0.0:0', 'proxy:8080', 'https@bad host:443']) {
    it(`rejects the LAB_LISTEN entry "${entry}"`, () => {
      assertRejects({ LAB_CONTAINER: 'adfs', LAB_LISTEN: entry }, 'LAB_LISTEN', entry);
    });
  }

  it('rejects LAB_LISTEN when one good entry is followed by a bad one, naming the bad one', () => {
    assertRejects({ LAB_CONTAINER: 'adfs', LAB_LISTEN: 'https@0.0.0.0:443,ftp@1.2.3.4:1' }, 'LAB_LISTEN', 'ftp@1.2.3.4:1');
  });

  it('rejects an unknown LAB_LOG_LEVEL', () => {
    assertRejects({ LAB_CONTAINER: 'adfs', LAB_LOG_LEVEL: 'verbose' }, 'LAB_LOG_LEVEL', 'verbose');
  });

  it('rejects an empty LAB_CERTS_DIR', () => {
    assertRejects({ LAB_CONTAINER: 'adfs', LAB_CERTS_DIR: '' }, 'LAB_CERTS_DIR', 'empty');
  });

  it('rejects a blank LAB_STATE_DIR', () => {
    assertRejects({ LAB_CONTAINER: 'adfs', LAB_STATE_DIR: '   ' }, 'LAB_STATE_DIR', 'empty');
  });
});

describe('default listeners', () => {
  it('binds https on 0.0.0.0:443 in the docker plan', () => {
    assert.deepEqual(defaultListeners('adfs', dockerPlan), [{ kind: 'https', host: '0.0.0.0', port: 443 }]);
  });

  it('adds the forward proxy on the corp leg, 198.18.2.2:8080, for the edge only', () => {
    assert.deepEqual(defaultListeners('edge', dockerPlan), [
      { kind: 'https', host: '0.0.0.0', port: 443 },
      { kind: 'proxy', host: '198.18.2.2', port: 8080 },
    ]);
    for (const container of ['azure-auth', 'exchange-online', 'wap', 'adfs', 'dc', 'exchange-onprem', 'dirsync'] as const) {
      assert.ok(defaultListeners(container, dockerPlan).every((listener) => listener.kind !== 'proxy'), container);
    }
  });

  it('adds LDAP on 389 and LDAPS on 636 for the dc only', () => {
    assert.deepEqual(defaultListeners('dc', dockerPlan), [
      { kind: 'https', host: '0.0.0.0', port: 443 },
      { kind: 'ldap', host: '0.0.0.0', port: 389 },
      { kind: 'ldaps', host: '0.0.0.0', port: 636 },
    ]);
    assert.deepEqual(defaultListeners('dc', localPlan).slice(1), [
      { kind: 'ldap', host: '127.18.2.11', port: 389 },
      { kind: 'ldaps', host: '127.18.2.11', port: 636 },
    ]);
    for (const container of ['azure-auth', 'edge', 'adfs', 'dirsync'] as const) {
      assert.ok(defaultListeners(container, dockerPlan).every((listener) => listener.kind !== 'ldap' && listener.kind !== 'ldaps'), container);
    }
  });

  it('binds one https listener per leg address in the local plan', () => {
    assert.deepEqual(loadServiceConfig({ LAB_CONTAINER: 'wap', LAB_ADDRESS_PLAN: 'local' }).listeners, [
      { kind: 'https', host: '127.18.1.10', port: 443 },
      { kind: 'https', host: '127.18.2.20', port: 443 },
    ]);
  });

  it('binds the edge on all three legs and its proxy on corp in the local plan', () => {
    assert.deepEqual(defaultListeners('edge', localPlan), [
      { kind: 'https', host: '127.18.0.2', port: 443 },
      { kind: 'https', host: '127.18.1.2', port: 443 },
      { kind: 'https', host: '127.18.2.2', port: 443 },
      { kind: 'proxy', host: '127.18.2.2', port: 8080 },
    ]);
  });

  it('gives a workstation no listeners', () => {
    assert.deepEqual(defaultListeners('client-int', dockerPlan), []);
  });
});
