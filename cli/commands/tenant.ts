import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../shared/errors/lab-error.ts';
import { createLabHttpClient, type LabHttpClient } from '../../shared/http/client.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import { loadSeed, type Seed } from '../../shared/seed/seed.ts';
import { cliClientId, passwordGrant } from '../../shared/oauth/password-grant.ts';
import { cliVantage } from '../vantage.ts';

/**
 * `lab tenant`: the cloud tenant's users through azure-auth's admin API (docs/identity.md,
 * "Tenant admin"), as its Global Administrator. The token comes from the password grant
 * for resource https://graph.microsoft.test; every call is HTTPS from the CLI's vantage.
 */
export const tenantUsage = `usage: lab tenant user add <upn> --display-name <name> --password <password> [--mail <address>]
       lab tenant user list [--json]
options: --as internet|corp (default: the container the CLI runs in), --admin-password <password> (default: the seed's)`;

const loginHost = 'https://login.microsoftonline.test';
const graphResource = 'https://graph.microsoft.test';

interface ListedUser {
  readonly objectId: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly accountEnabled: boolean;
  readonly onPremisesSyncEnabled: boolean;
  readonly immutableId: string | null;
  readonly roles: readonly string[];
}

function globalAdministrator(seed: Seed, password: string | undefined): { username: string; password: string } {
  const admin = seed.tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'));
  if (!admin) throw new ConfigError('LAB_SEED', 'has no cloud user with the GlobalAdministrator role');
  return { username: admin.userPrincipalName, password: password ?? admin.password };
}

/** The body's own error text: OAuth's error_description or the lab's JSON message. */
function failure(what: string, status: number, body: string): Error {
  let reason = body;
  try {
    const parsed = JSON.parse(body) as { error_description?: string; message?: string };
    reason = parsed.error_description ?? parsed.message ?? body;
  } catch {
    // not JSON: show it as it came
  }
  return new Error(`${what} failed (HTTP ${status}): ${reason}`);
}

async function adminToken(http: LabHttpClient, tenantId: string, admin: { username: string; password: string }): Promise<string> {
  return (await passwordGrant(http, { tenantId, clientId: cliClientId, resource: graphResource, username: admin.username, password: admin.password, from: 'lab tenant' })).accessToken;
}

function renderUsers(users: readonly ListedUser[]): string {
  const header = ['USER PRINCIPAL NAME', 'DISPLAY NAME', 'SOURCE', 'IMMUTABLE ID', 'ENABLED', 'ROLES'];
  const rows = users.map((user) => [user.userPrincipalName, user.displayName, user.onPremisesSyncEnabled ? 'synced' : 'cloud', user.immutableId ?? '-', user.accountEnabled ? 'yes' : 'no', user.roles.join(', ') || '-']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((cells) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

const options = {
  as: { type: 'string' },
  json: { type: 'boolean', default: false },
  'display-name': { type: 'string' },
  password: { type: 'string' },
  mail: { type: 'string' },
  'admin-password': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

async function run(http: LabHttpClient, seed: Seed, positionals: readonly string[], values: Values): Promise<number> {
  const [noun, verb, upn] = positionals;
  const token = () => adminToken(http, seed.tenant.id, globalAdministrator(seed, values['admin-password']));
  const usersUrl = `${loginHost}/${seed.tenant.id}/admin/users`;
  if (noun === 'user' && verb === 'list' && positionals.length === 2) {
    const response = await http.request(usersUrl, { headers: { authorization: `Bearer ${await token()}` } });
    if (response.status !== 200) throw failure('listing users', response.status, response.body);
    const { users } = JSON.parse(response.body) as { users: ListedUser[] };
    console.log(values.json ? JSON.stringify(users, null, 2) : renderUsers(users));
    return 0;
  }
  if (noun === 'user' && verb === 'add' && upn && positionals.length === 3 && values['display-name'] && values.password) {
    const body = JSON.stringify({ userPrincipalName: upn, displayName: values['display-name'], password: values.password, ...(values.mail ? { mail: values.mail } : {}) });
    const response = await http.request(usersUrl, { method: 'POST', headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' }, body });
    if (response.status !== 201) throw failure(`creating ${upn}`, response.status, response.body);
    const created = JSON.parse(response.body) as ListedUser;
    console.log(values.json ? JSON.stringify(created, null, 2) : `created ${created.userPrincipalName} (object id ${created.objectId})`);
    return 0;
  }
  console.error(tenantUsage);
  return 2;
}

/** `lab tenant …`; `args` are the words after `tenant`. Returns the exit status. */
export async function runTenant(args: string[], env: Record<string, string | undefined>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: args[0] === 'tenant' ? args.slice(1) : args, allowPositionals: true, options });
  } catch (error) {
    console.error(`lab tenant: ${(error as Error).message}\n${tenantUsage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(tenantUsage);
    return 0;
  }
  let http: LabHttpClient | undefined;
  try {
    const vantage = cliVantage(parsed.values.as, env);
    const seed = loadSeed(env.LAB_SEED ? resolve(env.LAB_SEED) : undefined);
    http = createLabHttpClient({ vantage, tls: { ca: loadLabCa(resolve(env.LAB_CERTS_DIR ?? 'certs')) }, logger: createLogger({ service: 'lab-cli', level: 'silent' }) });
    return await run(http, seed, parsed.positionals, parsed.values);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`lab: ${error.message}`);
      return 2;
    }
    console.error(`lab tenant: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await http?.close();
  }
}
