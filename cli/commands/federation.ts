import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { createLabHttpClient, type LabHttpClient } from '../../shared/http/client.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { cliClientId, loginOrigin, passwordGrant } from '../../shared/oauth/password-grant.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import type { Document, Element } from '@xmldom/xmldom';
import { parseXml } from '../../shared/xml/safe-parse.ts';
import { cliVantage } from '../vantage.ts';

/**
 * `lab federate <domain>`: Convert-MsolDomainToFederated, run on AD FS (which then
 * registers itself with the cloud through the edge proxy). `lab federation show <domain>`:
 * Get-MsolFederationProperty — AD FS's view (its signed metadata) beside the cloud's
 * (the domain's federation settings), with every disagreement flagged.
 */
export const federationUsage = `usage: lab federate <domain> [--admin-password P] [--as corp]
       lab federation show <domain> [--admin-password P] [--as corp|internet] [--json]`;

const fs = 'https://fs.contoso.test';
const ns = { md: 'urn:oasis:names:tc:SAML:2.0:metadata', fed: 'http://docs.oasis-open.org/wsfed/federation/200706', ds: 'http://www.w3.org/2000/09/xmldsig#', wsa: 'http://www.w3.org/2005/08/addressing' };

const thumbprint = (base64Der: string | null | undefined): string | null => (base64Der ? createHash('sha1').update(Buffer.from(base64Der, 'base64')).digest('hex').toUpperCase() : null);

async function adfsView(http: LabHttpClient): Promise<Record<string, string | null>> {
  const response = await http.request(`${fs}/FederationMetadata/2007-06/FederationMetadata.xml`);
  if (response.status !== 200) throw new LabError({ code: 'ADFS_METADATA', statusCode: 502, message: `AD FS answered its metadata with HTTP ${response.status}`, hop: 'lab → fs.contoso.test' });
  const document = parseXml(response.body, { maxBytes: 1024 * 1024 });
  const first = (namespace: string, name: string, within: Document | Element = document) => within.getElementsByTagNameNS(namespace, name)[0];
  const addressIn = (element: Element | undefined) => (element ? (first(ns.wsa, 'Address', element)?.textContent?.trim() ?? null) : null);
  const signing = [...Array.from(document.getElementsByTagNameNS(ns.md, 'KeyDescriptor'))].find((key) => key.getAttribute('use') === 'signing');
  return {
    IssuerUri: document.documentElement?.getAttribute('entityID') ?? null,
    PassiveLogOnUri: addressIn(first(ns.fed, 'PassiveRequestorEndpoint')),
    LogOffUri: addressIn(first(ns.fed, 'PassiveRequestorEndpoint')),
    ActiveLogOnUri: `${fs}/adfs/services/trust/2005/usernamemixed`,
    MetadataExchangeUri: `${fs}/adfs/services/trust/mex`,
    SigningCertificate: thumbprint(signing ? first(ns.ds, 'X509Certificate', signing)?.textContent?.replace(/\s+/g, '') : null),
    NextSigningCertificate: null,
  };
}

async function cloudView(http: LabHttpClient, tenantId: string, domain: string, admin: { username: string; password: string }): Promise<Record<string, string | null>> {
  const { accessToken } = await passwordGrant(http, { tenantId, clientId: cliClientId, resource: 'https://graph.microsoft.test', ...admin, from: 'lab federation' });
  const response = await http.request(`${loginOrigin}/${tenantId}/admin/domains/${encodeURIComponent(domain)}/federation`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = JSON.parse(response.body) as Record<string, string | null>;
  if (response.status === 404) return {};
  if (response.status !== 200) throw new LabError({ code: 'CLOUD_FEDERATION', statusCode: 502, message: `the cloud answered ${response.status}: ${String(body.message)}`, hop: 'lab → login.microsoftonline.test' });
  return { ...body, SigningCertificate: thumbprint(body.SigningCertificate), NextSigningCertificate: thumbprint(body.NextSigningCertificate) };
}

const properties = ['IssuerUri', 'PassiveLogOnUri', 'ActiveLogOnUri', 'MetadataExchangeUri', 'LogOffUri', 'SigningCertificate', 'NextSigningCertificate'] as const;

export function compareViews(adfs: Record<string, string | null>, cloud: Record<string, string | null>): { property: string; adfs: string | null; cloud: string | null; match: boolean }[] {
  return properties.map((property) => ({ property, adfs: adfs[property] ?? null, cloud: cloud[property] ?? null, match: (adfs[property] ?? null) === (cloud[property] ?? null) }));
}

export async function runFederation(command: 'federate' | 'federation', args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, 'admin-password': { type: 'string' }, json: { type: 'boolean', default: false } } });
  const domain = command === 'federate' ? positionals[0] : positionals[0] === 'show' ? positionals[1] : undefined;
  if (!domain) {
    console.error(federationUsage);
    return 2;
  }
  const seed = loadSeed(env.LAB_SEED ? resolve(env.LAB_SEED) : undefined);
  const adminUser = seed.tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'));
  const admin = { username: adminUser?.userPrincipalName ?? '', password: values['admin-password'] ?? adminUser?.password ?? '' };
  const http = createLabHttpClient({ vantage: cliVantage(values.as, env), tls: { ca: loadLabCa(resolve(env.LAB_CERTS_DIR ?? 'certs')) }, logger: createLogger({ service: 'lab-cli', level: 'silent' }) });
  try {
    if (command === 'federate') {
      const response = await http.request(`${fs}/adfs/management/convert-domain-to-federated`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain, userName: admin.username, password: admin.password }), timeoutMs: 60_000 });
      const body = JSON.parse(response.body) as Record<string, unknown>;
      if (response.status !== 200) {
        console.error(`lab federate: ${String(body.message ?? response.status)}`);
        return 1;
      }
      console.log(values.json ? JSON.stringify(body, null, 2) : `${domain} is now federated with ${String(body.IssuerUri)} (passive ${String(body.PassiveLogOnUri)}, active ${String(body.ActiveLogOnUri)})`);
      return 0;
    }
    const rows = compareViews(await adfsView(http), await cloudView(http, seed.tenant.id, domain, admin));
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else {
      const width = (pick: (row: (typeof rows)[number]) => string) => Math.max(...rows.map((row) => pick(row).length));
      const [p, a] = [width((row) => row.property), width((row) => row.adfs ?? '-')];
      console.log(`${'PROPERTY'.padEnd(p)}  ${'AD FS'.padEnd(a)}  CLOUD`);
      for (const row of rows) console.log(`${row.property.padEnd(p)}  ${(row.adfs ?? '-').padEnd(a)}  ${row.cloud ?? '-'}${row.match ? '' : '   <-- MISMATCH'}`);
    }
    return rows.every((row) => row.match) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab ${command}: ${error.message}${error.hop ? ` (hop: ${error.hop})` : ''}`);
    return 1;
  } finally {
    await http.close();
  }
}
