import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { dockerPlan } from '../shared/topology/index.ts';
import { launchLabBrowser, reachAdfsFormsPage, signInAtAdfs, signInToOwa } from '../test/support/browser.ts';
import { startComposeLab } from './support/compose-lab.ts';

/**
 * Flows F1–F3 on the compose lab: dirsync's start-up sync through the real edge proxy,
 * the tenant as `lab` shows it from the internet, password sign-in from both sides,
 * and OWA in headless Chromium on the host, which reaches the internet network only.
 */
const screenshots = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));

describe('identity flows on the compose lab', () => {
  let lab: StartedDockerComposeEnvironment;
  let certsDir: string;
  const run = async (container: string, command: string[]) => {
    const result = await lab.getContainer(`${container}-1`).exec(command);
    return { ...result, json: () => JSON.parse(result.stdout) };
  };

  before(async () => {
    lab = await startComposeLab();
    // The lab CA, from the pki volume, so the host's browser can trust it.
    certsDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-e2e-ca-'));
    mkdirSync(join(certsDir, 'ca'));
    writeFileSync(join(certsDir, 'ca', 'lab-root.crt'), (await run('client-ext', ['cat', '/app/certs/ca/lab-root.crt'])).stdout);
  });
  after(async () => {
    await lab?.down({ removeVolumes: true });
    rmSync(certsDir, { recursive: true, force: true });
  });

  it('F1: lab sync now in client-int runs a clean delta through the edge proxy', async () => {
    const sync = await run('client-int', ['lab', 'sync', 'now', '--delta', '--json']);
    assert.equal(sync.exitCode, 0, sync.output);
    assert.deepEqual(sync.json().errors, []);
  });

  it('F1: the tenant, seen from client-ext, carries Mary with her ImmutableID and Sam as synced', async () => {
    const listed = await run('client-ext', ['lab', 'tenant', 'user', 'list', '--json']);
    assert.equal(listed.exitCode, 0, listed.output);
    const users = new Map((listed.json() as { userPrincipalName: string; immutableId: string | null; onPremisesSyncEnabled: boolean }[]).map((user) => [user.userPrincipalName, user]));
    assert.equal(users.get('mary@contoso.test')?.immutableId, 'Hk8qbTyLWk6fECs8TV5vcQ==');
    assert.equal(users.get('sam@litware.test')?.onPremisesSyncEnabled, true);
    assert.equal(users.get('admin@contoso.onmicrosoft.test')?.immutableId, null);
  });

  it('F3: Sam gets a verified token with his AD password, from the internet and from corp through the proxy', async () => {
    for (const container of ['client-ext', 'client-int']) {
      const token = await run(container, ['lab', 'token', '--user', 'sam@litware.test', '--password', 'Sam!Lab2026', '--json']);
      assert.equal(token.exitCode, 0, token.output);
      assert.equal(token.json().upn, 'sam@litware.test');
      assert.match(token.json().signature, /^verified \(RS256/);
    }
  });

  for (const journey of [
    { flow: 'F2', user: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026', inbox: 'Your account is ready' },
    { flow: 'F3', user: 'sam@litware.test', password: 'Sam!Lab2026', inbox: 'Lunch?' },
  ]) {
    it(`${journey.flow}: ${journey.user} signs in to OWA in headless Chromium and sees the inbox`, async () => {
      const { browser, dispose } = await launchLabBrowser(certsDir, 'internet', dockerPlan);
      try {
        const page = await browser.newPage();
        await signInToOwa(page, journey.user, journey.password);
        assert.ok((await page.textContent('body'))?.includes(journey.inbox));
        mkdirSync(screenshots, { recursive: true });
        await page.screenshot({ path: `${screenshots}e2e-${journey.flow}-${journey.user.split('@')[0]}-owa.png`, fullPage: true });
      } finally {
        await dispose();
      }
    });
  }

  it('F8 then F7: contoso.test is federated from client-int, and Mary signs in from client-ext through edge → WAP → AD FS', async () => {
    const federated = await run('client-int', ['lab', 'federate', 'contoso.test']);
    assert.equal(federated.exitCode, 0, federated.output);
    const shown = await run('client-int', ['lab', 'federation', 'show', 'contoso.test']);
    assert.equal(shown.exitCode, 0, shown.output);
    const token = await run('client-ext', ['lab', 'token', '--user', 'mary@contoso.test', '--password', 'Mary!Lab2026', '--json']);
    assert.equal(token.exitCode, 0, token.output);
    assert.deepEqual(token.json().amr, ['pwd', 'fed']);
    assert.match(token.json().path, /ws-trust 13/);
  });

  it('F4: Joe signs in to OWA in headless Chromium on the WAP’s sign-in page for AD FS, published by the edge', async () => {
    const { browser, dispose } = await launchLabBrowser(certsDir, 'internet', dockerPlan);
    try {
      const page = await browser.newPage();
      await reachAdfsFormsPage(page, 'joe@contoso.test');
      await signInAtAdfs(page, 'Joe!Lab2026');
      assert.ok((await page.textContent('body'))?.includes('Vendor call notes'));
      await page.screenshot({ path: `${screenshots}e2e-F4-joe-owa.png`, fullPage: true });
    } finally {
      await dispose();
    }
  });
});
