import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { runTenant } from '../../cli/commands/tenant.ts';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * azure-auth over real TLS on the local lab: `lab tenant` from the internet and from
 * corp (through the edge's forward proxy), and the directory sync web service by host.
 */
describe('lab tenant and the directory sync web service on the local lab', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;
  let env: Record<string, string>;

  before(async () => {
    lab = await startTestLab({ without: ['exchange-online', 'wap', 'adfs', 'dc', 'exchange-onprem', 'dirsync'] });
    internet = clientOn('internet', lab.certsDir);
    env = { LAB_CERTS_DIR: lab.certsDir };
  });
  after(async () => {
    await internet?.close();
    await lab?.dispose();
  });

  /** Runs `lab tenant …` in this process and returns its status and what it printed. */
  async function tenant(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = mock.method(console, 'log', (line: string) => void out.push(line));
    const error = mock.method(console, 'error', (line: string) => void err.push(line));
    try {
      return { status: await runTenant(args, env), stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      log.mock.restore();
      error.mock.restore();
    }
  }

  it('adds a cloud user from the internet and lists it, with the seeded ones', async () => {
    const added = await tenant(['user', 'add', 'iris@contoso.onmicrosoft.test', '--display-name', 'Iris Cloud', '--password', 'Iris!Lab2026', '--as', 'internet']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^created iris@contoso\.onmicrosoft\.test \(object id [0-9a-f-]{36}\)$/);
    const listed = await tenant(['user', 'list', '--as', 'internet']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^USER PRINCIPAL NAME\s+DISPLAY NAME\s+SOURCE\s+IMMUTABLE ID\s+ENABLED\s+ROLES$/m);
    assert.match(listed.stdout, /^iris@contoso\.onmicrosoft\.test\s+Iris Cloud\s+cloud\s+-\s+yes\s+-$/m);
    assert.match(listed.stdout, /^admin@contoso\.onmicrosoft\.test\s+Lab Administrator\s+cloud\s+-\s+yes\s+GlobalAdministrator$/m);
  });

  it('lists users from corp, through the edge proxy', async () => {
    const listed = await tenant(['user', 'list', '--as', 'corp', '--json']);
    assert.equal(listed.status, 0, listed.stderr);
    const users = JSON.parse(listed.stdout) as { userPrincipalName: string }[];
    assert.ok(users.some((user) => user.userPrincipalName === 'ann@contoso.onmicrosoft.test'));
  });

  it('says why when the admin password is wrong, with status 1', async () => {
    const result = await tenant(['user', 'list', '--as', 'internet', '--admin-password', 'wrong']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /azure-auth refused a token for admin@contoso\.onmicrosoft\.test: AADSTS50126/);
  });

  it('refuses a weak password with the service’s reason', async () => {
    const result = await tenant(['user', 'add', 'weak@contoso.onmicrosoft.test', '--display-name', 'Weak', '--password', 'weak', '--as', 'internet']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /HTTP 400.*8 to 256 characters/);
  });

  it('prints the usage for an incomplete command and an unknown vantage with status 2', async () => {
    assert.equal((await tenant(['user', 'add', 'x@contoso.onmicrosoft.test', '--as', 'internet'])).status, 2);
    const mars = await tenant(['user', 'list', '--as', 'mars']);
    assert.equal(mars.status, 2);
    assert.match(mars.stderr, /--as is "mars"/);
  });

  it('serves the sync web service on adminwebservice only, to the sync account only', async () => {
    const form = new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: 'https://adminwebservice.microsoftonline.test', username: 'sync_dirsync@contoso.onmicrosoft.test', password: 'Sync!Lab2026' });
    const token = await internet.request('https://login.microsoftonline.test/common/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    assert.equal(token.status, 200, token.body);
    const authorization = `Bearer ${(JSON.parse(token.body) as { access_token: string }).access_token}`;
    const tenantId = '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60';
    const users = await internet.request(`https://adminwebservice.microsoftonline.test/${tenantId}/directorysync/users`, { headers: { authorization } });
    assert.equal(users.status, 200, users.body);
    assert.equal((await internet.request(`https://login.microsoftonline.test/${tenantId}/directorysync/users`, { headers: { authorization } })).status, 404);
  });
});
