import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { addressOf, dockerPlan } from '../shared/topology/index.ts';
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

  it('F5: from corp, Joe signs in to OWA in headless Chromium with Windows integrated sign-in at AD FS and no password form', async () => {
    const { browser, dispose } = await launchLabBrowser(certsDir, 'corp', dockerPlan);
    try {
      // A domain-joined workstation answers AD FS's NTLM challenge with the logged-on user; here Playwright does.
      const context = await browser.newContext({ httpCredentials: { username: 'CONTOSO\\joe', password: 'Joe!Lab2026', origin: 'https://fs.contoso.test' } });
      const page = await context.newPage();
      const adfsAnswers: string[] = [];
      let wresult = '';
      page.on('response', (response) => {
        if (response.url().startsWith('https://fs.contoso.test/adfs/ls/')) adfsAnswers.push(`${response.request().method()} ${response.status()}`);
      });
      page.on('request', (request) => {
        if (request.url() === 'https://login.microsoftonline.test/login.srf') wresult = new URLSearchParams(request.postData() ?? '').get('wresult') ?? '';
      });
      await page.goto('https://outlook.office365.test/owa/');
      await page.fill('#login', 'joe@contoso.test');
      await page.click('button[type=submit]');
      await page.waitForURL('https://outlook.office365.test/owa/', { timeout: 30_000 });
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      assert.ok((await page.textContent('body'))?.includes('Vendor call notes'));
      assert.deepEqual(adfsAnswers, ['GET 200'], 'AD FS answered with the response form at once: no forms page');
      assert.match(wresult, /AttributeName="insidecorporatenetwork"[^>]*><saml:AttributeValue>true</);
      assert.match(wresult, /AuthenticationMethod="urn:federation:authentication:windows"/);
      await page.screenshot({ path: `${screenshots}e2e-F5-joe-owa-windows-sign-in.png`, fullPage: true });
    } finally {
      await dispose();
    }
  });

  it('F6: curl -u joe@contoso.test on the internet reads his inbox over EWS, the password checked at AD FS through edge → WAP', async () => {
    const findInbox =
      '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">' +
      '<s:Body><m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem></s:Body></s:Envelope>';
    const curl = (password: string) =>
      promisify(execFile)('curl', [
        '-sS', '-u', `joe@contoso.test:${password}`, '--cacert', join(certsDir, 'ca', 'lab-root.crt'), '--resolve', `outlook.office365.test:443:${addressOf('exchange-online', 'internet', dockerPlan)}`,
        '-H', 'Content-Type: text/xml; charset=utf-8', '--data-binary', findInbox, '-D', '-', 'https://outlook.office365.test/EWS/Exchange.asmx',
      ]);
    const right = await curl('Joe!Lab2026');
    assert.match(right.stdout, /^HTTP\/1\.1 200/);
    assert.match(right.stdout, /Vendor call notes/);
    const wrong = await curl('Not!Joes2026');
    assert.match(wrong.stdout, /^HTTP\/1\.1 401/);
    assert.match(wrong.stdout, /www-authenticate: Basic Realm=""/i);
  });
});
