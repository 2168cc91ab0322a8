import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it, mock } from 'node:test';
import { runHybrid } from '../../cli/commands/hybrid.ts';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { loadKeyPair } from '../../shared/pki/index.ts';
import { buildClientAssertion } from '../../shared/s2s/client-assertion.ts';
import { decodeCompactJwt } from '../../shared/s2s/compact-jwt.ts';
import { exchangePrincipal } from '../../shared/s2s/principals.ts';
import { requestAppToken } from '../../shared/s2s/request-app-token.ts';
import { buildTokenRequestForm } from '../../shared/s2s/token-request.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * `lab hybrid configure` (flow F9) on the local lab, from corp: the first run creates
 * everything, the second changes nothing; `lab hybrid show` prints both sides; the S2S
 * token service then issues an actor token to the on-premises Auth certificate for
 * Exchange at mail.contoso.test, and the gateway lists both federation trusts. The F12/F13
 * experiment switches: OrganizationRelationships off and on and their FreeBusyAccessLevel,
 * an availability address space added (its password kept, never shown) and removed. From
 * the internet, the on-premises management endpoint is refused.
 */
describe('lab hybrid configure on the local lab', () => {
  const tenantId = loadSeed().tenant.id;
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let corp: LabHttpClient;
  let internet: LabHttpClient;

  async function lab_(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out = mock.method(console, 'log', () => undefined);
    const err = mock.method(console, 'error', () => undefined);
    try {
      const code = await runHybrid([...args, '--as', 'corp'], { LAB_CERTS_DIR: lab.certsDir });
      return { code, out: out.mock.calls.map((call) => call.arguments.join(' ')).join('\n'), err: err.mock.calls.map((call) => call.arguments.join(' ')).join('\n') };
    } finally {
      out.mock.restore();
      err.mock.restore();
    }
  }

  before(async () => {
    lab = await startTestLab({ without: ['wap', 'adfs', 'dirsync'] });
    corp = clientOn('corp', lab.certsDir);
    internet = clientOn('internet', lab.certsDir);
  });
  after(async () => {
    await corp?.close();
    await internet?.close();
    await lab?.dispose();
  });

  it('creates every object on the first run, and changes nothing on the second', async () => {
    const first = await lab_(['configure']);
    assert.equal(first.code, 0, first.err);
    for (const line of ['onprem  AuthServer WindowsAzureACS', 'onprem  IntraOrganizationConnector ExchangeHybridOnPremisesToOnline', 'online  IntraOrganizationConnector ExchangeHybridOnlineToOnPremises', 'onprem  OrganizationRelationship On-premises to O365', 'online  OrganizationRelationship O365 to On-premises', 'online  FederationTrust Microsoft Federation Gateway']) {
      assert.match(first.out, new RegExp(`\\[created  \\] ${line}`), first.out);
    }
    assert.match(first.out, /\[created  \] cloud   servicePrincipalName 00000002-0000-0ff1-ce00-000000000000\/mail\.contoso\.test/);
    assert.match(first.out, /\[created  \] gateway federation trust FYDIBOHF25SPDLT\.contoso\.test/);
    assert.match(first.out, /\[created  \] gateway federation trust outlook\.test/);
    const second = await lab_(['configure']);
    assert.equal(second.code, 0, second.err);
    const results = second.out.split('\n').map((line) => /^\[(\w+)/.exec(line)?.[1]);
    assert.deepEqual([...new Set(results)].sort(), ['read', 'unchanged'], second.out);
  });

  it('shows both sides Get-cmdlet style, and as JSON', async () => {
    const shown = await lab_(['show']);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /==== Exchange on-premises \(mail\.contoso\.test\) ====/);
    assert.match(shown.out, /==== Exchange Online \(outlook\.office365\.test\) ====/);
    assert.match(shown.out, /FreeBusyAccessLevel\s+: LimitedDetails/);
    assert.match(shown.out, /TargetApplicationUri\s+: FYDIBOHF25SPDLT\.contoso\.test/);
    assert.match(shown.out, /TargetAddressDomains\s+: \{contoso\.mail\.onmicrosoft\.test\}/);
    const json = JSON.parse((await lab_(['show', '--json'])).out) as Record<'onprem' | 'online', Record<string, { Name: string; Enabled?: boolean }[]>>;
    assert.equal(json.onprem.AuthConfig![0]!.Name, 'AuthConfig');
    assert.equal(json.online.OrganizationRelationship![0]!.Name, 'O365 to On-premises');
    assert.equal((json.onprem.FederationInformation as unknown as { tokenIssuers: { endpoint: string }[] }).tokenIssuers[0]!.endpoint, 'https://nexus.microsoftonline-p.test/extSTS.srf');
  });

  it('turns the IntraOrganizationConnectors off and on (the DAuth experiment)', async () => {
    assert.equal((await lab_(['set', 'ioc', '--enabled', 'false'])).code, 0);
    const off = JSON.parse((await lab_(['show', '--json'])).out) as Record<'onprem' | 'online', { IntraOrganizationConnector: { Enabled: boolean }[] }>;
    assert.deepEqual([off.onprem.IntraOrganizationConnector[0]!.Enabled, off.online.IntraOrganizationConnector[0]!.Enabled], [false, false]);
    const again = await lab_(['configure']);
    assert.match(again.out, /\[updated  \] onprem  IntraOrganizationConnector/);
  });

  it('turns the OrganizationRelationships off and on, and sets one side\'s FreeBusyAccessLevel (the F12 and F13 experiments)', async () => {
    type Relationships = Record<'onprem' | 'online', { OrganizationRelationship: { Name: string; Enabled: boolean; FreeBusyAccessLevel: string }[] }>;
    const relationships = async (): Promise<[boolean, string][]> => {
      const json = JSON.parse((await lab_(['show', '--json'])).out) as Relationships;
      return [json.onprem.OrganizationRelationship[0]!, json.online.OrganizationRelationship[0]!].map((relationship) => [relationship.Enabled, relationship.FreeBusyAccessLevel]);
    };
    const off = await lab_(['set', 'orgrel', '--enabled', 'false']);
    assert.equal(off.code, 0, off.err);
    assert.match(off.out, /\[updated  \] onprem  OrganizationRelationship On-premises to O365/);
    assert.match(off.out, /\[updated  \] online  OrganizationRelationship O365 to On-premises/);
    assert.deepEqual(await relationships(), [[false, 'LimitedDetails'], [false, 'LimitedDetails']]);
    const level = await lab_(['set', 'orgrel', '--level', 'None', '--enabled', 'true', '--side', 'online']);
    assert.equal(level.code, 0, level.err);
    assert.doesNotMatch(level.out, /onprem/);
    assert.deepEqual(await relationships(), [[false, 'LimitedDetails'], [true, 'None']]);
    assert.match((await lab_(['show'])).out, /FreeBusyAccessLevel\s+: None/);
    const back = await lab_(['set', 'orgrel', '--enabled', 'true', '--level', 'LimitedDetails']);
    assert.equal(back.code, 0, back.err);
    assert.deepEqual(await relationships(), [[true, 'LimitedDetails'], [true, 'LimitedDetails']]);
    const again = await lab_(['configure']);
    assert.match(again.out, /\[unchanged\] onprem  OrganizationRelationship On-premises to O365/);
    assert.match(again.out, /\[unchanged\] online  OrganizationRelationship O365 to On-premises/);
  });

  it('adds an availability address space whose password is kept but never shown, then removes it (the F13 set-up)', async () => {
    const add = ['address-space', 'add', '--side', 'onprem', '--forest', 'contoso.mail.onmicrosoft.test', '--user', 'ann@contoso.onmicrosoft.test', '--password', 'Ann!Lab2026'];
    const added = await lab_(add);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /\[created  \] onprem  AvailabilityAddressSpace contoso\.mail\.onmicrosoft\.test/);
    assert.match((await lab_(add)).out, /\[unchanged\] onprem  AvailabilityAddressSpace contoso\.mail\.onmicrosoft\.test/);
    const shown = await lab_(['show']);
    assert.match(shown.out, /# Get-AvailabilityAddressSpace\nForestName\s+: contoso\.mail\.onmicrosoft\.test\nAccessMethod\s+: OrgWideFB\nUseServiceAccount\s+: False\nTargetAutodiscoverEpr\s+: \nUserName\s+: ann@contoso\.onmicrosoft\.test\n/);
    const json = await lab_(['show', '--json']);
    for (const output of [shown.out, json.out, added.out]) assert.doesNotMatch(output, /Ann!Lab2026|Password/);
    assert.deepEqual((JSON.parse(json.out) as Record<'onprem' | 'online', { AvailabilityAddressSpace: unknown[] }>).online.AvailabilityAddressSpace, []);
    const database = new DatabaseSync(join(lab.dir, 'state', 'exchange-onprem', 'hybrid.sqlite'), { readOnly: true });
    try {
      const row = database.prepare("SELECT body FROM hybrid_objects WHERE kind = 'AvailabilityAddressSpace'").get() as { body: string };
      assert.equal((JSON.parse(row.body) as { Password: string }).Password, 'Ann!Lab2026', 'exchange-onprem keeps the password for its availability client');
    } finally {
      database.close();
    }

    const removed = await lab_(['address-space', 'remove', '--side', 'onprem', '--forest', 'contoso.mail.onmicrosoft.test']);
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, /\[removed  \] onprem  AvailabilityAddressSpace contoso\.mail\.onmicrosoft\.test/);
    const twice = await lab_(['address-space', 'remove', '--side', 'onprem', '--forest', 'contoso.mail.onmicrosoft.test']);
    assert.equal(twice.code, 0, twice.err);
    assert.match(twice.out, /\[missing  \] onprem  AvailabilityAddressSpace contoso\.mail\.onmicrosoft\.test \(nothing to remove\)/);
    assert.match((await lab_(['show'])).out, /# Get-AvailabilityAddressSpace\n\(none\)/);
  });

  it('refuses a command line it cannot read with exit 2 and the problem named, before calling anything', async () => {
    const refused = await lab_(['address-space', 'add', '--side', 'onprem', '--forest', 'contoso.test']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /^lab hybrid: --user and --password are needed for OrgWideFB: the account that signs in to contoso\.test with Basic\nusage: lab hybrid configure/);
  });

  it('lets the S2S token service issue an actor token to the on-premises Auth certificate for mail.contoso.test', async () => {
    const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId, signer: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth'), now: new Date() });
    const form = buildTokenRequestForm({ appId: exchangePrincipal, tenantId, clientAssertion: assertion, targetPrincipal: exchangePrincipal, targetHost: 'mail.contoso.test' });
    const token = await requestAppToken(corp, tenantId, form, { from: 'exchange-online' });
    const claims = decodeCompactJwt(token.accessToken)?.claims as Record<string, unknown>;
    assert.equal(claims.aud, `${exchangePrincipal}/mail.contoso.test@${tenantId}`);
    assert.equal(claims.nameid, `${exchangePrincipal}@${tenantId}`);
  });

  it('has both federation trusts at the gateway', async () => {
    const grant = new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: 'https://graph.microsoft.test', username: 'admin@contoso.onmicrosoft.test', password: 'Admin!Lab2026' });
    const tokenResponse = await internet.request(`https://login.microsoftonline.test/${tenantId}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: grant.toString() });
    const token = (JSON.parse(tokenResponse.body) as { access_token: string }).access_token;
    const response = await internet.request('https://nexus.microsoftonline-p.test/federation-gateway/admin/trusts', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, response.body);
    const uris = (JSON.parse(response.body) as { trusts: { ApplicationUri: string }[] }).trusts.map((trust) => trust.ApplicationUri).sort();
    assert.deepEqual(uris, ['FYDIBOHF25SPDLT.contoso.test', 'outlook.test']);
  });

  it('refuses the on-premises management endpoint from the internet, through the edge, even as Administrator', async () => {
    const basic = `Basic ${Buffer.from('administrator@contoso.test:DomainAdmin!Lab2026').toString('base64')}`;
    const response = await internet.request('https://mail.contoso.test/hybrid-admin/objects', { headers: { authorization: basic } });
    assert.equal(response.status, 403, response.body);
    assert.match(response.body, /MANAGEMENT_FROM_INTERNET/);
  });
});
