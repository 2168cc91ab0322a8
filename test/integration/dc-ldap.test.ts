import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { Client } from 'ldapts';
import { loadServiceConfig } from '../../shared/config/service-config.ts';
import { bytesToGuid, immutableIdFromGuid } from '../../shared/identity/immutable-id.ts';
import { ensurePki, loadLabCa } from '../../shared/pki/index.ts';
import { startService, type RunningService } from '../../shared/service/run.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { dcService } from '../../services/dc/src/app.ts';

/**
 * The dc alone, in process, on its local address (127.18.2.11: 443, 389, 636), driven
 * by Debian's ldapsearch and ldapmodify with the lab CA and host name verification on.
 * OpenLDAP has no SNI or host name override, so each tool runs in a private mount
 * namespace (`unshare -m`) whose /etc/hosts maps dc.contoso.test to the dc; the
 * machine's /etc/hosts is never touched.
 */
const dcAddress = addressOf('dc', 'corp', localPlan);
const base = 'DC=contoso,DC=test';
const admin = ['-D', 'CONTOSO\\Administrator', '-w', 'DomainAdmin!Lab2026'];

interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('the dc with real OpenLDAP clients (ldap-utils)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-dc-it-'));
  const config = loadServiceConfig({ LAB_CONTAINER: 'dc', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: join(dir, 'certs'), LAB_STATE_DIR: join(dir, 'state'), LAB_LOG_LEVEL: 'silent' });
  const hostsFile = join(dir, 'hosts');
  let running: RunningService;
  let namespaces = false;

  /** Runs an ldap-utils command in a private mount namespace; asynchronously, as the dc answers from this process. */
  function ldapTool(command: string, args: readonly string[], input?: string): Promise<ToolResult> {
    const script = 'mount --bind "$0" /etc/hosts && exec "$@"';
    const child = spawn('unshare', ['-m', 'sh', '-c', script, hostsFile, command, ...args], {
      timeout: 20_000,
      env: { PATH: process.env.PATH, HOME: dir, LDAPTLS_CACERT: join(config.certsDir, 'ca', 'lab-root.crt'), LDAPTLS_REQCERT: 'demand' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(input ?? '');
    return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  }

  function needsNamespaces(t: TestContext): boolean {
    if (!namespaces) t.skip('unshare -m is not permitted here; LDAPS host verification is still covered through ldapts below');
    return namespaces;
  }

  const unicodePwd = (password: string): string => Buffer.from(`"${password}"`, 'utf16le').toString('base64');
  const resetLdif = (password: string): string => `dn: CN=Mary Smith,CN=Users,${base}\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: ${unicodePwd(password)}\n-\n`;
  const whoAmI = (user: string, password: string): Promise<ToolResult> => ldapTool('ldapwhoami', ['-x', '-H', 'ldaps://dc.contoso.test', '-D', user, '-w', password]);

  before(async () => {
    ensurePki(config.certsDir);
    writeFileSync(hostsFile, `127.0.0.1 localhost\n${dcAddress} dc.contoso.test\n`);
    namespaces = spawnSync('unshare', ['-m', 'sh', '-c', 'mount --bind "$0" /etc/hosts', hostsFile]).status === 0;
    running = await startService(dcService, config);
  });
  after(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds mary with ldapsearch over LDAPS, and her objectGUID gives the ImmutableID Hk8qbTyLWk6fECs8TV5vcQ==', async (t) => {
    if (!needsNamespaces(t)) return;
    const result = await ldapTool('ldapsearch', ['-LLL', '-x', '-H', 'ldaps://dc.contoso.test', ...admin, '-b', base, '(sAMAccountName=mary)', 'objectGUID']);
    assert.equal(result.status, 0, result.stderr);
    const guid = bytesToGuid(Buffer.from(/^objectGUID:: (\S+)$/m.exec(result.stdout)![1]!, 'base64'));
    assert.equal(immutableIdFromGuid(guid), 'Hk8qbTyLWk6fECs8TV5vcQ==');
  });

  it('fails the TLS host name check when ldapsearch is pointed at the bare address', async (t) => {
    if (!needsNamespaces(t)) return;
    const result = await ldapTool('ldapsearch', ['-x', '-H', `ldaps://${dcAddress}`, '-b', '', '-s', 'base']);
    assert.equal(result.status, 255);
    assert.match(result.stderr, /Can't contact LDAP server/);
  });

  it('refuses a bad password with data 52e, disabled eve with 533 and pat with 773', async (t) => {
    if (!needsNamespaces(t)) return;
    for (const [user, password, data] of [['CONTOSO\\mary', 'wrong', '52e'], ['eve@contoso.test', 'Eve!Lab2026', '533'], ['pat@contoso.test', 'Pat!Lab2026', '773']] as const) {
      const result = await whoAmI(user, password);
      assert.equal(result.status, 49, `${user}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`AcceptSecurityContext error, data ${data}, v4563`));
    }
  });

  it('refuses the password reset over plain LDAP with 53 WILL_NOT_PERFORM', async (t) => {
    if (!needsNamespaces(t)) return;
    const result = await ldapTool('ldapmodify', ['-x', '-H', 'ldap://dc.contoso.test', ...admin], resetLdif('Mary!Reset2026'));
    assert.equal(result.status, 53);
    assert.match(result.stderr, /0000001F: SvcErr: DSID-031A12D2, problem 5003 \(WILL_NOT_PERFORM\)/);
  });

  it('resets mary\'s password with ldapmodify over LDAPS as Administrator: the new one binds, the old one does not', async (t) => {
    if (!needsNamespaces(t)) return;
    const result = await ldapTool('ldapmodify', ['-x', '-H', 'ldaps://dc.contoso.test', ...admin], resetLdif('Mary!Reset2026'));
    assert.equal(result.status, 0, result.stderr);
    assert.equal((await whoAmI('CONTOSO\\mary', 'Mary!Reset2026')).stdout.trim(), 'u:CONTOSO\\mary');
    assert.match((await whoAmI('CONTOSO\\mary', 'Mary!Lab2026')).stderr, /data 52e/);
  });

  it('pages with -E pr=2/noprompt: nine users in five pages', async (t) => {
    if (!needsNamespaces(t)) return;
    const result = await ldapTool('ldapsearch', ['-x', '-H', 'ldaps://dc.contoso.test', ...admin, '-b', base, '-E', 'pr=2/noprompt', '(objectClass=user)', 'sAMAccountName']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.match(/^sAMAccountName: /gm)?.length, 9);
    assert.equal(result.stdout.match(/^pagedresults: cookie=/gm)?.length, 5);
  });

  it('verifies the dc certificate for dc.contoso.test through ldapts with the name as SNI', async () => {
    const client = new Client({ url: `ldaps://${dcAddress}:636`, tlsOptions: { ca: [loadLabCa(config.certsDir)], servername: 'dc.contoso.test' } });
    const wrongName = new Client({ url: `ldaps://${dcAddress}:636`, tlsOptions: { ca: [loadLabCa(config.certsDir)], servername: 'wrong.contoso.test' } });
    try {
      const { searchEntries } = await client.search('', { scope: 'base', attributes: ['dnsHostName'] });
      assert.equal(searchEntries[0]?.dnsHostName, 'dc.contoso.test');
      await assert.rejects(wrongName.search('', { scope: 'base' }), /does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID/);
    } finally {
      await Promise.all([client.unbind(), wrongName.unbind()]);
    }
  });

  it('keeps the reset password and the USN across a restart of the service', async (t) => {
    if (!needsNamespaces(t)) return;
    const before = (await running.app.inject({ url: '/_lab/state' })).json().state.directory.highestCommittedUsn;
    await running.close();
    running = await startService(dcService, config);
    const afterRestart = (await running.app.inject({ url: '/_lab/state' })).json().state.directory.highestCommittedUsn;
    assert.equal(afterRestart, before);
    assert.equal((await whoAmI('mary@contoso.test', 'Mary!Reset2026')).stdout.trim(), 'u:CONTOSO\\mary');
  });
});
