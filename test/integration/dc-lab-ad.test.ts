import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, InvalidCredentialsError } from 'ldapts';
import { runAd } from '../../cli/commands/ad.ts';
import { loadServiceConfig } from '../../shared/config/service-config.ts';
import { ensurePki, loadLabCa } from '../../shared/pki/index.ts';
import { startService, type RunningService } from '../../shared/service/run.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { dcService } from '../../services/dc/src/app.ts';

/** `lab ad` from the local corp vantage against the dc alone, in process, on 127.18.2.11. */
describe('lab ad against the dc (local mode, --as corp)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-lab-ad-'));
  const config = loadServiceConfig({ LAB_CONTAINER: 'dc', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: join(dir, 'certs'), LAB_STATE_DIR: join(dir, 'state'), LAB_LOG_LEVEL: 'silent' });
  const env = { LAB_CERTS_DIR: config.certsDir };
  let running: RunningService;

  before(async () => {
    ensurePki(config.certsDir);
    running = await startService(dcService, config);
  });
  after(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function asUser<T>(user: string, password: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: `ldaps://${addressOf('dc', 'corp', localPlan)}:636`, tlsOptions: { ca: [loadLabCa(config.certsDir)], servername: 'dc.contoso.test' } });
    try {
      await client.bind(user, password);
      return await work(client);
    } finally {
      await client.unbind();
    }
  }

  const userAccountControlOf = (sAMAccountName: string): Promise<string> =>
    asUser('CONTOSO\\Administrator', 'DomainAdmin!Lab2026', async (client) => String((await client.search('DC=contoso,DC=test', { filter: `(sAMAccountName=${sAMAccountName})`, attributes: ['userAccountControl'] })).searchEntries[0]?.userAccountControl));

  it('sets a password by UPN, after which the user binds with it and not with the old one', async () => {
    assert.equal(await runAd(['set-password', 'joe@contoso.test', 'Joe!Changed2026', '--as', 'corp'], env), 0);
    await asUser('CONTOSO\\joe', 'Joe!Changed2026', async () => undefined);
    await assert.rejects(asUser('CONTOSO\\joe', 'Joe!Lab2026', async () => undefined), InvalidCredentialsError);
  });

  it('disables and enables a user by sAMAccountName through userAccountControl', async () => {
    assert.equal(await runAd(['disable', 'alex', '--as', 'corp'], env), 0);
    assert.equal(await userAccountControlOf('alex'), '514');
    assert.equal(await runAd(['enable', 'alex', '--as', 'corp'], env), 0);
    assert.equal(await userAccountControlOf('alex'), '512');
  });

  it('exits 1 when the dc refuses the administrator password, and 2 on a malformed command', async () => {
    assert.equal(await runAd(['disable', 'alex', '--as', 'corp', '--admin-password', 'wrong'], env), 1);
    assert.equal(await runAd(['set-password', 'alex', '--as', 'corp'], env), 2);
    assert.equal(await userAccountControlOf('alex'), '512');
  });
});
