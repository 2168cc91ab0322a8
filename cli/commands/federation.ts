import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { type LabHttpClient } from '../../shared/http/client.ts';
import { cliClientId, loginOrigin, passwordGrant } from '../../shared/oauth/password-grant.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { cliHttpClient } from '../vantage.ts';
import { adfsView, certificateFindings, cloudViewOf, compareViews, thumbprint, type Row } from './federation-views.ts';

/**
 * `lab federate <domain>`: Convert-MsolDomainToFederated (or Update-MsolFederatedDomain), run
 * on AD FS, which then registers itself with the cloud through the edge proxy.
 * `lab federation show <domain>`: Get-MsolFederationProperty — AD FS's view (its signed
 * metadata) beside the cloud's (the domain's federation settings), every disagreement
 * flagged, and what the token-signing certificates mean for sign-ins.
 * `lab federation refresh <domain>`: the cloud's metadata check, now rather than at its next round.
 */
export const federationUsage = `usage: lab federate <domain> [--admin-password P] [--as corp]
       lab federation show <domain> [--admin-password P] [--as corp|internet] [--json]
       lab federation refresh <domain> [--admin-password P] [--as corp|internet] [--json]`;

const fs = 'https://fs.contoso.test';

interface Admin {
  readonly tenantId: string;
  readonly username: string;
  readonly password: string;
}

async function adminApi(http: LabHttpClient, admin: Admin, domain: string, method: 'GET' | 'POST', suffix = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  const { accessToken } = await passwordGrant(http, { tenantId: admin.tenantId, clientId: cliClientId, resource: 'https://graph.microsoft.test', username: admin.username, password: admin.password, from: 'lab federation' });
  const response = await http.request(`${loginOrigin}/${admin.tenantId}/admin/domains/${encodeURIComponent(domain)}/federation${suffix}`, { method, headers: { authorization: `Bearer ${accessToken}` }, timeoutMs: 60_000 });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

async function federate(http: LabHttpClient, admin: Admin, domain: string, json: boolean): Promise<number> {
  const response = await http.request(`${fs}/adfs/management/convert-domain-to-federated`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain, userName: admin.username, password: admin.password }), timeoutMs: 60_000 });
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (response.status !== 200) {
    console.error(`lab federate: ${String(body.message ?? response.status)}`);
    return 1;
  }
  console.log(json ? JSON.stringify(body, null, 2) : `${domain} is now federated with ${String(body.IssuerUri)} (passive ${String(body.PassiveLogOnUri)}, active ${String(body.ActiveLogOnUri)})`);
  return 0;
}

function renderRows(rows: readonly Row[]): string[] {
  const width = (pick: (row: Row) => string) => Math.max(...rows.map((row) => pick(row).length));
  const [p, a] = [width((row) => row.property), width((row) => row.adfs ?? '-')];
  return [`${'PROPERTY'.padEnd(p)}  ${'AD FS'.padEnd(a)}  CLOUD`, ...rows.map((row) => `${row.property.padEnd(p)}  ${(row.adfs ?? '-').padEnd(a)}  ${row.cloud ?? '-'}${row.match ? '' : '   <-- MISMATCH'}`)];
}

async function show(http: LabHttpClient, admin: Admin, domain: string, json: boolean): Promise<number> {
  const adfs = await adfsView(http);
  const cloud = await adminApi(http, admin, domain, 'GET');
  if (cloud.status !== 200 && cloud.status !== 404) throw new LabError({ code: 'CLOUD_FEDERATION', statusCode: 502, message: `the cloud answered ${cloud.status}: ${String(cloud.body.message)}`, hop: 'lab → login.microsoftonline.test' });
  const cloudView = cloudViewOf(cloud.status === 200 ? cloud.body : {});
  const rows = compareViews(adfs, cloudView);
  const findings = certificateFindings(adfs, cloudView, domain);
  const status = (cloud.body.SigningCertificateUpdateStatus ?? null) as { certificateUpdateResult: string; lastRunDateTime: string; detail: string } | null;
  if (json) console.log(JSON.stringify({ domain, rows, findings, signingCertificateUpdateStatus: status }, null, 2));
  else {
    const lines = renderRows(rows);
    if (status) lines.push('', `cloud's last metadata check: ${status.certificateUpdateResult} at ${status.lastRunDateTime} (${status.detail})`);
    if (findings.length) lines.push('', ...findings.map((finding) => `!! ${finding}`));
    console.log(lines.join('\n'));
  }
  return rows.every((row) => row.match) && findings.length === 0 ? 0 : 1;
}

async function refresh(http: LabHttpClient, admin: Admin, domain: string, json: boolean): Promise<number> {
  const { status, body } = await adminApi(http, admin, domain, 'POST', '/refresh');
  if (json) console.log(JSON.stringify(body, null, 2));
  if (status !== 200) {
    if (!json) console.error(`lab federation refresh: ${String(body.error)}: ${String(body.message)}`);
    return 1;
  }
  const update = body.SigningCertificateUpdateStatus as { certificateUpdateResult: string; detail: string };
  if (!json) {
    console.log(`${domain}: ${update.certificateUpdateResult} — ${update.detail}`);
    console.log(`  SigningCertificate      ${thumbprint(body.SigningCertificate as string)}\n  NextSigningCertificate  ${thumbprint(body.NextSigningCertificate as string | null) ?? '-'}`);
  }
  return 0;
}

export async function runFederation(command: 'federate' | 'federation', args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, 'admin-password': { type: 'string' }, json: { type: 'boolean', default: false } } });
  const action = command === 'federate' ? 'federate' : positionals[0];
  const domain = command === 'federate' ? positionals[0] : positionals[1];
  if (!domain || (action !== 'federate' && action !== 'show' && action !== 'refresh')) {
    console.error(federationUsage);
    return 2;
  }
  const seed = loadSeed(env.LAB_SEED ? resolve(env.LAB_SEED) : undefined);
  const adminUser = seed.tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'));
  const admin: Admin = { tenantId: seed.tenant.id, username: adminUser?.userPrincipalName ?? '', password: values['admin-password'] ?? adminUser?.password ?? '' };
  const http = cliHttpClient(values.as, env);
  try {
    if (action === 'federate') return await federate(http, admin, domain, values.json);
    if (action === 'refresh') return await refresh(http, admin, domain, values.json);
    return await show(http, admin, domain, values.json);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab ${command}: ${error.message}${error.hop ? ` (hop: ${error.hop})` : ''}`);
    return 1;
  } finally {
    await http.close();
  }
}
