import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadLabCa } from '../../shared/pki/index.ts';
import { addressOf, dnsView, ports, proxyHost, type AddressPlan, type NetworkName } from '../../shared/topology/index.ts';
import { certificatePath, LAB_CA } from '../../shared/pki/index.ts';

/**
 * Debian's Chromium, headless, standing on one lab network: its host resolver maps
 * exactly that network's DNS view (every other name fails, so nothing leaves the lab),
 * and it trusts the lab CA through an NSS database of its own — TLS is verified, never
 * ignored. On corp, like client-int, it reaches the names of its own view directly and
 * everything else through the edge's forward proxy (README, "corp reaches the internet
 * only through the proxy").
 */
export const chromiumPath = '/usr/bin/chromium';

const dottedNames = (network: NetworkName) => [...dnsView(network)].filter(([name]) => name.includes('.'));

function resolverRules(network: NetworkName, plan: AddressPlan): string {
  const rules = dottedNames(network).map(([name, entry]) => `MAP ${name} ${addressOf(entry.container, entry.network, plan)}`);
  return [...rules, 'MAP * ~NOTFOUND'].join(', ');
}

/** Corp's egress: the forward proxy for every name its own DNS view does not hold. */
function egressArgs(network: NetworkName): string[] {
  if (network !== 'corp') return [];
  const direct = dottedNames(network).map(([name]) => name);
  return [`--proxy-server=http://${proxyHost}:${ports.proxy}`, `--proxy-bypass-list=${direct.join(';')}`];
}

export async function launchLabBrowser(certsDir: string, network: NetworkName, plan: AddressPlan, extraArgs: readonly string[] = []): Promise<{ browser: Browser; dispose(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'hybrid-lab-chromium-'));
  const nssdb = join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  loadLabCa(certsDir);
  execFileSync('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nssdb}`, '-n', 'hybrid-lab Root CA', '-t', 'C,,', '-i', certificatePath(certsDir, LAB_CA)]);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    env: { ...process.env, HOME: home },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', `--host-resolver-rules=${resolverRules(network, plan)}`, ...egressArgs(network), ...extraArgs],
  });
  return {
    browser,
    async dispose() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The OWA journey of flows F2/F3 in a page: /owa/ → azure-auth username → password → back to the mailbox. */
export async function signInToOwa(page: Page, user: string, password: string): Promise<void> {
  await page.goto('https://outlook.office365.test/owa/');
  if (!page.url().startsWith('https://login.microsoftonline.test/')) throw new Error(`OWA did not send the browser to azure-auth but to ${page.url()}`);
  await page.fill('#login', user);
  await page.click('button[type=submit]');
  await page.fill('#passwd', password);
  await page.click('button[type=submit]');
  await page.waitForURL('https://outlook.office365.test/owa/', { timeout: 20_000 });
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
}

/**
 * Flow F4's first half: /owa/ → azure-auth's username page → redirected to the forms page
 * at fs.contoso.test: the WAP's own page from the internet, AD FS's from corp, both with
 * the form contract of client-flows §1.3 (loginForm, UserName, Password, errorText).
 */
export async function reachAdfsFormsPage(page: Page, user: string): Promise<void> {
  await page.goto('https://outlook.office365.test/owa/');
  await page.fill('#login', user);
  await page.click('button[type=submit]');
  await page.waitForURL(/^https:\/\/fs\.contoso\.test\/adfs\/ls\/\?/);
}

/** Flow F4's second half: the password on the forms page (AD FS checks it), then /login.srf, then the mailbox. */
export async function signInAtAdfs(page: Page, password: string): Promise<void> {
  await page.fill('#loginForm input[name=Password]', password);
  await page.click('#loginForm [type=submit]');
  await page.waitForURL('https://outlook.office365.test/owa/', { timeout: 20_000 });
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
}
