import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { type LabHttpClient } from '../../shared/http/client.ts';
import type { FederationInformation } from '../../shared/hybrid-config/federation-information.ts';
import type { FederationTrust, HybridObjectKind, HybridObjects } from '../../shared/hybrid-config/objects.ts';
import { cliClientId, loginOrigin, passwordGrant } from '../../shared/oauth/password-grant.ts';
import { loadKeyPair } from '../../shared/pki/index.ts';
import { stsMetadataUrl } from '../../shared/s2s/token-request.ts';
import { loadSeed, type Seed } from '../../shared/seed/seed.ts';
import { cliHttpClient } from '../vantage.ts';
import { readHybridCommand, type HybridCommand, type Side } from './hybrid-args.ts';
import * as plan from './hybrid-plan.ts';
import { renderSide } from './hybrid-views.ts';

/**
 * `lab hybrid configure [--no-ioc]`: the Hybrid Configuration Wizard (flow F9; design §3;
 * server-flows §1.8, §2.1, §2.5), idempotent: each step says created, updated or unchanged.
 * `lab hybrid show [--json]`: both sides' objects, Get-cmdlet style.
 * `lab hybrid set ioc --enabled true|false`: the IntraOrganizationConnectors on or off
 * (off sends free/busy down the DAuth path, server-flows §1.9).
 * `lab hybrid set orgrel --enabled … | --level …`: Set-OrganizationRelationship (off, with
 * the IOCs off, leaves the legacy path, F13; the level decides what DAuth shows, F12).
 * `lab hybrid address-space add|remove`: Add-/Remove-AvailabilityAddressSpace (F13).
 * Runs on corp (`--as corp` on the host): on-premises management is corp only; the cloud
 * is reached through the edge's proxy. As the seed's cloud Global Administrator and the
 * AD Administrator.
 */
export const hybridUsage = `usage: lab hybrid configure [--no-ioc] [--as corp]
       lab hybrid show [--json] [--as corp]
       lab hybrid set ioc --enabled true|false [--side onprem|online|both] [--as corp]
       lab hybrid set orgrel [--enabled true|false] [--level None|AvailabilityOnly|LimitedDetails]
                             [--side onprem|online|both] [--as corp]
       lab hybrid address-space add --side onprem|online --forest <domain> --user <upn> --password <p>
                             [--access-method OrgWideFB|PerUserFB|OrgWideFBToken|InternalProxy|PublicFolder]
                             [--autodiscover <https url>] [--as corp]
       lab hybrid address-space remove --side onprem|online --forest <domain> [--as corp]`;

const onpremAdmin = 'https://mail.contoso.test/hybrid-admin';
const onlineAdmin = 'https://outlook.office365.test/hybrid-admin';
const adminBase: Readonly<Record<Side, string>> = { onprem: onpremAdmin, online: onlineAdmin };
const nexus = 'https://nexus.microsoftonline-p.test';

interface Session {
  readonly http: LabHttpClient;
  readonly seed: Seed;
  readonly certsDir: string;
  readonly authorization: Readonly<Record<Side | 'graph', string>>;
}

function fail(what: string, status: number, body: string): LabError {
  let reason = body.slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { error?: string; message?: string; error_description?: string };
    reason = `${parsed.error ?? ''}: ${parsed.message ?? parsed.error_description ?? body.slice(0, 300)}`;
  } catch {
    // not JSON: shown as it came
  }
  return new LabError({ code: 'HYBRID_STEP_FAILED', statusCode: 502, expose: true, message: `${what}: HTTP ${status} ${reason}` });
}

async function call<T>(session: Session, who: Side | 'graph', url: string, method: 'GET' | 'PUT' | 'POST' = 'GET', body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: session.authorization[who], accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await session.http.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs: 60_000 });
  if (response.status !== 200) throw fail(`${method} ${url}`, response.status, response.body);
  return JSON.parse(response.body) as T;
}

async function getJson<T>(http: LabHttpClient, url: string): Promise<T> {
  const response = await http.request(url, { headers: { accept: 'application/json' } });
  if (response.status !== 200) throw fail(`GET ${url}`, response.status, response.body);
  return JSON.parse(response.body) as T;
}

function report(result: string, side: string, what: string): void {
  console.log(`[${result.padEnd(9)}] ${side.padEnd(7)} ${what}`);
}

async function put<K extends HybridObjectKind>(session: Session, side: Side, kind: K, object: HybridObjects[K]): Promise<void> {
  const identity = kind === 'AvailabilityAddressSpace' ? (object as { ForestName: string }).ForestName : (object as { Name: string }).Name;
  const { result } = await call<{ result: string }>(session, side, `${adminBase[side]}/${kind}/${encodeURIComponent(identity)}`, 'PUT', object);
  report(result, side, `${kind} ${identity}`);
}

interface ServicePrincipalView {
  readonly servicePrincipalNames: readonly string[];
  readonly keyCredentials: readonly { readonly customKeyIdentifier: string }[];
}

/** The on-premises Auth certificate as a Verify key and its host names as SPNs on Exchange's principal (server-flows §1.8, "Cloud directory"). */
async function registerOnpremWithAzureAuth(session: Session, authCertificatePem: string): Promise<void> {
  const principalUrl = `${loginOrigin}/${session.seed.tenant.id}/admin/servicePrincipals/${plan.exchangePrincipal}`;
  const principal = await call<ServicePrincipalView>(session, 'graph', principalUrl);
  const x5t = plan.x5tOf(authCertificatePem);
  if (principal.keyCredentials.some((key) => key.customKeyIdentifier === x5t)) report('unchanged', 'cloud', `keyCredential Verify ${x5t} on ${plan.exchangePrincipal}`);
  else {
    await call(session, 'graph', `${principalUrl}/keyCredentials`, 'POST', { type: 'AsymmetricX509Cert', usage: 'Verify', key: authCertificatePem });
    report('created', 'cloud', `keyCredential Verify ${x5t} on ${plan.exchangePrincipal}`);
  }
  const wanted = plan.onpremHosts.map((host) => `${plan.exchangePrincipal}/${host}`);
  const missing = wanted.filter((name) => !principal.servicePrincipalNames.some((have) => have.toLowerCase() === name.toLowerCase()));
  if (missing.length) await call(session, 'graph', `${principalUrl}/servicePrincipalNames`, 'POST', { servicePrincipalNames: missing });
  for (const name of wanted) report(missing.includes(name) ? 'created' : 'unchanged', 'cloud', `servicePrincipalName ${name}`);
}

interface TrustAnswer {
  readonly GatewayCertificate: string;
  readonly TokenIssuerUri: string;
  readonly TokenIssuerEndpoint: string;
  readonly MetadataUrl: string;
}

/** New-FederationTrust + Set-FederatedOrganizationIdentifier at the gateway, then the trust and federation information on the Exchange (server-flows §2.1). */
async function federate(session: Session, side: Side, information: FederationInformation, certificateName: string): Promise<void> {
  const certificatePem = loadKeyPair(session.certsDir, certificateName).certPem;
  const base = adminBase[side];
  // The gateway lists trusts without their certificates; the Exchange's FederationTrust remembers which one it registered.
  const { trusts } = await call<{ trusts: { Name: string; ApplicationUri: string; Domains: string[] }[] }>(session, 'graph', `${nexus}/federation-gateway/admin/trusts`);
  const { FederationTrust: held } = await call<{ FederationTrust: FederationTrust[] }>(session, side, `${base}/FederationTrust`);
  const registered = trusts.find((trust) => trust.ApplicationUri === information.applicationUri);
  const sameDomains = registered !== undefined && [...registered.Domains].sort().join() === information.domains.map((domain) => domain.toLowerCase()).sort().join();
  const sameCertificate = held.some((trust) => trust.ApplicationUri === information.applicationUri && trust.OrgCertificateThumbprint === plan.hexThumbprint(certificatePem));
  if (registered && sameDomains && sameCertificate) {
    report('unchanged', 'gateway', `federation trust ${information.applicationUri} (${information.domains.join(', ')})`);
    return;
  }
  const request = { Name: information.applicationUri, ApplicationUri: information.applicationUri, Domains: information.domains, Certificate: certificatePem };
  const answer = await call<TrustAnswer>(session, 'graph', `${nexus}/federation-gateway/admin/trusts`, 'POST', request);
  report(registered ? 'updated' : 'created', 'gateway', `federation trust ${information.applicationUri} (${information.domains.join(', ')})`);
  const trust: FederationTrust = {
    Name: 'Microsoft Federation Gateway',
    ApplicationUri: information.applicationUri,
    OrgCertificateThumbprint: plan.hexThumbprint(certificatePem),
    TokenIssuerCertificate: answer.GatewayCertificate,
    TokenIssuerUri: answer.TokenIssuerUri,
    TokenIssuerEndpoint: answer.TokenIssuerEndpoint,
    TokenIssuerMetadataEpr: answer.MetadataUrl,
  };
  await put(session, side, 'FederationTrust', trust);
  const federation: FederationInformation = { ...information, tokenIssuers: [{ uri: answer.TokenIssuerUri, endpoint: answer.TokenIssuerEndpoint }] };
  const unchanged = JSON.stringify(federation) === JSON.stringify(information);
  await call(session, side, `${base}/federation-information`, 'PUT', federation);
  report(unchanged ? 'unchanged' : 'updated', side, `FederationInformation ${information.applicationUri}`);
}

async function configure(session: Session, iocEnabled: boolean): Promise<void> {
  const { seed } = session;
  const tenantId = seed.tenant.id;
  // Each side's auth metadata and the STS's, as the wizard reads them first.
  for (const host of ['mail.contoso.test', 'outlook.office365.test']) {
    const metadata = await getJson<plan.StsMetadataView>(session.http, `https://${host}/autodiscover/metadata/json/1`);
    report('read', host.startsWith('mail') ? 'onprem' : 'online', `auth metadata: issuer ${metadata.issuer}`);
  }
  const stsMetadata = await getJson<plan.StsMetadataView>(session.http, stsMetadataUrl(tenantId));
  report('read', 'cloud', `STS metadata: issuer ${stsMetadata.issuer}, ${stsMetadata.keys.length} signing key(s)`);

  const authCertificatePem = loadKeyPair(session.certsDir, 'signing/exchange-onprem-auth').certPem;
  await registerOnpremWithAzureAuth(session, authCertificatePem);
  await put(session, 'onprem', 'AuthServer', plan.authServer(stsMetadataUrl(tenantId), stsMetadata));
  await put(session, 'onprem', 'AuthConfig', plan.authConfig(authCertificatePem, tenantId));
  await put(session, 'onprem', 'PartnerApplication', plan.partnerApplication);

  const onpremObjects = await call<{ FederationInformation: FederationInformation }>(session, 'onprem', `${onpremAdmin}/objects`);
  const onlineObjects = await call<{ FederationInformation: FederationInformation }>(session, 'online', `${onlineAdmin}/objects`);
  const onpremInfo = onpremObjects.FederationInformation;
  const onlineInfo = onlineObjects.FederationInformation;
  await put(session, 'onprem', 'IntraOrganizationConnector', plan.onpremConnector(iocEnabled, seed.tenant.routingDomain));
  await put(session, 'online', 'IntraOrganizationConnector', plan.onlineConnector(iocEnabled, onpremInfo.domains));

  await federate(session, 'onprem', onpremInfo, 'signing/exchange-onprem-federation');
  await federate(session, 'online', onlineInfo, 'signing/exchange-online-federation');

  await put(session, 'onprem', 'OrganizationRelationship', plan.onpremRelationship(seed.tenant.routingDomain));
  await put(session, 'online', 'OrganizationRelationship', plan.onlineRelationship(onpremInfo.domains, onpremInfo.applicationUri));
}

async function setIoc(session: Session, sides: readonly Side[], enabled: boolean): Promise<void> {
  for (const side of sides) {
    const { IntraOrganizationConnector: connectors } = await call<{ IntraOrganizationConnector: HybridObjects['IntraOrganizationConnector'][] }>(session, side, `${adminBase[side]}/IntraOrganizationConnector`);
    if (connectors.length === 0) report('missing', side, 'no IntraOrganizationConnector: run lab hybrid configure first');
    for (const connector of connectors) await put(session, side, 'IntraOrganizationConnector', { ...connector, Enabled: enabled });
  }
}

async function setOrgRel(session: Session, sides: readonly Side[], change: plan.RelationshipChange): Promise<void> {
  for (const side of sides) {
    const { OrganizationRelationship: relationships } = await call<{ OrganizationRelationship: HybridObjects['OrganizationRelationship'][] }>(session, side, `${adminBase[side]}/OrganizationRelationship`);
    if (relationships.length === 0) report('missing', side, 'no OrganizationRelationship: run lab hybrid configure first');
    for (const relationship of relationships) await put(session, side, 'OrganizationRelationship', plan.changedRelationship(relationship, change));
  }
}

/** Remove-AvailabilityAddressSpace; one that is not there is reported, not an error, so an experiment can run it twice. */
async function removeAddressSpace(session: Session, side: Side, forest: string): Promise<void> {
  const url = `${adminBase[side]}/AvailabilityAddressSpace/${encodeURIComponent(forest)}`;
  const response = await session.http.request(url, { method: 'DELETE', headers: { authorization: session.authorization[side], accept: 'application/json' }, timeoutMs: 60_000 });
  if (response.status === 404) return report('missing', side, `AvailabilityAddressSpace ${forest} (nothing to remove)`);
  if (response.status !== 200) throw fail(`DELETE ${url}`, response.status, response.body);
  report('removed', side, `AvailabilityAddressSpace ${forest}`);
}

async function show(session: Session, json: boolean): Promise<void> {
  const onprem = await call<Record<string, unknown>>(session, 'onprem', `${onpremAdmin}/objects`);
  const online = await call<Record<string, unknown>>(session, 'online', `${onlineAdmin}/objects`);
  console.log(json ? JSON.stringify({ onprem, online }, null, 2) : `${renderSide('Exchange on-premises (mail.contoso.test)', onprem)}\n\n${renderSide('Exchange Online (outlook.office365.test)', online)}`);
}

async function openSession(http: LabHttpClient, seed: Seed, certsDir: string, adminPassword: string | undefined): Promise<Session> {
  const cloudAdmin = seed.tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'));
  const adAdmin = seed.activeDirectory.users.find((user) => user.sAMAccountName.toLowerCase() === 'administrator');
  if (!cloudAdmin || !adAdmin) throw new LabError({ code: 'NO_ADMIN', statusCode: 400, message: 'the seed needs a cloud GlobalAdministrator and the AD Administrator' });
  const grant = (resource: string) => passwordGrant(http, { tenantId: seed.tenant.id, clientId: cliClientId, resource, username: cloudAdmin.userPrincipalName, password: cloudAdmin.password, from: 'lab hybrid' });
  const [graph, online] = await Promise.all([grant('https://graph.microsoft.test'), grant('https://outlook.office365.test')]);
  const basic = Buffer.from(`${adAdmin.userPrincipalName}:${adminPassword ?? adAdmin.password}`, 'utf8').toString('base64');
  return { http, seed, certsDir, authorization: { graph: `Bearer ${graph.accessToken}`, online: `Bearer ${online.accessToken}`, onprem: `Basic ${basic}` } };
}

async function perform(session: Session, command: HybridCommand): Promise<void> {
  switch (command.action) {
    case 'configure':
      return configure(session, command.ioc);
    case 'show':
      return show(session, command.json);
    case 'set-ioc':
      return setIoc(session, command.sides, command.enabled);
    case 'set-orgrel':
      return setOrgRel(session, command.sides, command);
    case 'address-space-add':
      return put(session, command.side, 'AvailabilityAddressSpace', command.space);
    case 'address-space-remove':
      return removeAddressSpace(session, command.side, command.forest);
  }
}

export async function runHybrid(args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      'admin-password': { type: 'string' },
      json: { type: 'boolean' },
      'no-ioc': { type: 'boolean' },
      enabled: { type: 'string' },
      level: { type: 'string' },
      side: { type: 'string' },
      forest: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      'access-method': { type: 'string' },
      autodiscover: { type: 'string' },
    },
  });
  const { as, 'admin-password': adminPassword, ...options } = values;
  const read = readHybridCommand(positionals, options);
  if ('problem' in read) {
    console.error(`lab hybrid: ${read.problem}\n${hybridUsage}`);
    return 2;
  }
  const certsDir = resolve(env.LAB_CERTS_DIR ?? 'certs');
  const http = cliHttpClient(as, env);
  try {
    await perform(await openSession(http, loadSeed(env.LAB_SEED), certsDir, adminPassword), read.command);
    return 0;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab hybrid ${positionals.join(' ')}: ${error.message}${error.hop ? ` (hop: ${error.hop})` : ''}`);
    return 1;
  } finally {
    await http.close();
  }
}
