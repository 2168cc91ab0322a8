import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { defaultAzureAuthConfig, loadAzureAuthConfig } from '../src/config.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

describe('azure-auth settings', () => {
  it('defaults to 10 failures and 60 s of lockout, 10-minute codes and 1-hour tokens', () => {
    const config = loadAzureAuthConfig({});
    assert.equal(config.lockoutThreshold, 10);
    assert.equal(config.lockoutSeconds, 60);
    assert.equal(config.codeLifetimeSeconds, 600);
    assert.equal(config.accessTokenLifetimeSeconds, 3600);
    assert.deepEqual({ ...config, clock: null }, { ...defaultAzureAuthConfig, clock: null });
  });

  it('reads the lockout settings from the environment', () => {
    const config = loadAzureAuthConfig({ LAB_AZURE_AUTH_LOCKOUT_THRESHOLD: '5', LAB_AZURE_AUTH_LOCKOUT_SECONDS: '300' });
    assert.equal(config.lockoutThreshold, 5);
    assert.equal(config.lockoutSeconds, 300);
  });

  it('refreshes federation metadata daily unless LAB_AZURE_AUTH_METADATA_REFRESH_SECONDS says otherwise', () => {
    assert.equal(loadAzureAuthConfig({}).metadataRefreshSeconds, 86_400);
    assert.equal(loadAzureAuthConfig({ LAB_AZURE_AUTH_METADATA_REFRESH_SECONDS: '60' }).metadataRefreshSeconds, 60);
    assert.throws(() => loadAzureAuthConfig({ LAB_AZURE_AUTH_METADATA_REFRESH_SECONDS: '0' }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_AZURE_AUTH_METADATA_REFRESH_SECONDS');
  });

  it('issues S2S actor tokens for an hour unless LAB_AZURE_AUTH_S2S_TOKEN_SECONDS says otherwise', () => {
    assert.equal(loadAzureAuthConfig({}).s2sTokenLifetimeSeconds, 3600);
    assert.equal(loadAzureAuthConfig({ LAB_AZURE_AUTH_S2S_TOKEN_SECONDS: '600' }).s2sTokenLifetimeSeconds, 600);
    assert.throws(() => loadAzureAuthConfig({ LAB_AZURE_AUTH_S2S_TOKEN_SECONDS: 'ten' }), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_AZURE_AUTH_S2S_TOKEN_SECONDS');
  });

  it('names the setting when a value is not a whole number of at least 1', () => {
    for (const value of ['0', '-1', 'ten', '1.5']) {
      assert.throws(() => loadAzureAuthConfig({ LAB_AZURE_AUTH_LOCKOUT_THRESHOLD: value }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.setting, 'LAB_AZURE_AUTH_LOCKOUT_THRESHOLD');
        assert.match(error.message, new RegExp(`is "${value.replace('.', '\\.')}"; expected a whole number`));
        return true;
      });
    }
  });
});

describe('the read-only state view', () => {
  let lab: TestAzureAuth;
  before(async () => {
    lab = await startAzureAuth();
  });
  after(() => lab.close());

  it('shows the tenant, its domains and user counts, never a credential', async () => {
    const response = await lab.app.inject({ method: 'GET', url: '/_lab/state', headers: { host: 'login.microsoftonline.test' } });
    const { state } = response.json() as { state: { tenant: { id: string }; domains: { name: string; authentication: string }[]; users: { total: number } } };
    assert.equal(state.tenant.id, lab.tenantId);
    assert.deepEqual(state.domains.find((domain) => domain.name === 'contoso.test'), { name: 'contoso.test', authentication: 'Federated' });
    assert.equal(state.users.total, 3);
    assert.doesNotMatch(response.body, /PPH1_MD4/);
  });
});
