import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabHttpClient } from '../../shared/http/client.ts';
import type { HybridObjectKind, HybridObjects } from '../../shared/hybrid-config/objects.ts';
import { cliClientId, passwordGrant } from '../../shared/oauth/password-grant.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { edgeCapture } from '../support/edge-capture.ts';
import { ewsJsAvailability } from '../support/ews-js-client.ts';
import { askFreeBusy, hopNames, type FreeBusyRun } from '../support/free-busy-journey.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { lab, startFederatedLab } from '../support/identity.ts';

/**
 * Cross-premises free/busy on the local lab (design §3 F10–F13), the requesting side and
 * the receiving side together, behind the edge's documented hybrid minimum: each user
 * asks only their own Exchange, which asks the other organization itself.
 *  - F10: Mary (on-premises) about Joe (cloud) over OAuth → Joe's subjects (her Reviewer
 *    grant); the hops in seed 003's order; Alex's request right after reuses both app tokens.
 *  - F11: Joe (cloud, Basic through AD FS) about Mary over OAuth, in through the edge on
 *    /autodiscover/autodiscover.svc and /EWS/.
 *  - F12: IOCs off → DAuth → times only; FreeBusyAccessLevel None → a per-mailbox error.
 *  - F13: no IOC, no OrgRel → the cloud's AvailabilityAddressSpace with a service account
 *    over Basic; a wrong service-account password names the failure.
 */
const seed = loadSeed();
const day = '2026-03-02';
const password = (upn: string): string => seed.activeDirectory.users.find((user) => user.userPrincipalName === upn)!.password;
const onprem = 'mail.contoso.test';
const online = 'outlook.office365.test';

describe('cross-premises free/busy on the local lab (F10–F13)', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  let corp: LabHttpClient;
  let internet: LabHttpClient;
  let cloudAdmin = '';

  const asMary = (view?: string): Promise<FreeBusyRun> => askFreeBusy(corp, { host: onprem, user: 'mary@contoso.test', password: password('mary@contoso.test'), for: ['joe@contoso.test'], day, view });
  const asJoe = (): Promise<FreeBusyRun> => askFreeBusy(internet, { host: online, user: 'joe@contoso.test', password: password('joe@contoso.test'), for: ['mary@contoso.test'], day });

  /** Writes one hybrid object on Exchange Online through its management API, as `lab hybrid` does. */
  async function putOnline<K extends HybridObjectKind>(kind: K, identity: string, object: HybridObjects[K] | undefined): Promise<void> {
    const url = `https://${online}/hybrid-admin/${kind}/${encodeURIComponent(identity)}`;
    const headers: Record<string, string> = object ? { authorization: `Bearer ${cloudAdmin}`, 'content-type': 'application/json' } : { authorization: `Bearer ${cloudAdmin}` };
    const response = await corp.request(url, { method: object ? 'PUT' : 'DELETE', headers, body: object ? JSON.stringify(object) : undefined });
    assert.equal(response.status, 200, response.body);
  }

  async function getOnline<K extends HybridObjectKind>(kind: K): Promise<HybridObjects[K][]> {
    const response = await corp.request(`https://${online}/hybrid-admin/${kind}`, { headers: { authorization: `Bearer ${cloudAdmin}` } });
    assert.equal(response.status, 200, response.body);
    return (JSON.parse(response.body) as Record<K, HybridObjects[K][]>)[kind];
  }

  before(async () => {
    ({ testLab, env } = await startFederatedLab({ LAB_EDGE_RULES: 'hybrid-minimum', LAB_EDGE_CAPTURE: '/autodiscover/,/ews/' }));
    corp = clientOn('corp', testLab.certsDir);
    internet = clientOn('internet', testLab.certsDir);
    const configured = await lab(['hybrid', 'configure', '--as', 'corp'], env);
    assert.equal(configured.code, 0, `${configured.stdout}${configured.stderr}`);
    const admin = seed.tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'))!;
    cloudAdmin = (await passwordGrant(corp, { tenantId: seed.tenant.id, clientId: cliClientId, resource: `https://${online}`, username: admin.userPrincipalName, password: admin.password, from: 'test' })).accessToken;
  });
  after(async () => {
    await corp?.close();
    await internet?.close();
    await testLab?.dispose();
  });

  it("F10: Mary asks her own Exchange about Joe; it goes OAuth and she sees Joe's subjects, hop by hop in seed 003's order", async () => {
    const run = await asMary();
    assert.equal(run.status, 200, run.body);
    assert.equal(run.answers[0]?.code, 'NoError', run.answers[0]?.message);
    assert.deepEqual(run.answers[0]?.subjects, ['Budget review', 'Lunch with Sam']);
    assert.deepEqual(hopNames(run), ['path-lookup', 'autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result']);
    assert.ok(run.hops.every((hop) => hop.ok && hop.path === 'oauth'), JSON.stringify(run.hops, null, 1));
    const byHop = Object.fromEntries(run.hops.map((hop) => [hop.hop, hop]));
    assert.match(byHop['path-lookup']!.title, /IntraOrganizationConnector ExchangeHybridOnPremisesToOnline is enabled and lists contoso\.mail\.onmicrosoft\.test → OAuth/);
    assert.equal(byHop['autodiscover-anonymous']!.status, 401);
    assert.equal(byHop['app-token']!.cache, 'miss');
    assert.equal(byHop['app-token']!.token?.audience, `00000002-0000-0ff1-ce00-000000000000/autodiscover-s.outlook.test@${seed.tenant.id}`);
    assert.equal(byHop['autodiscover-token']!.detail, 'https://outlook.office365.test/EWS/Exchange.asmx');
    assert.equal(byHop['ews-token']!.token?.audience, `00000002-0000-0ff1-ce00-000000000000/outlook.office365.test@${seed.tenant.id}`);
    assert.equal(byHop['outer-token']!.token?.user, 'mary@contoso.test', 'an OAuth token names the user in clear');
    assert.match(byHop['outer-token']!.token?.form ?? '', /alg none.*RS256 actor token/);
  });

  it('lab flow F10 prints the answer and the journey, numbered, with the cached EWS URL and app token marked', async () => {
    const first = await lab(['flow', 'F10', '--as', 'mary@contoso.test', '--for', 'joe@contoso.test', '--date', day, '--from', 'corp'], env);
    assert.equal(first.code, 0, `${first.stdout}${first.stderr}`);
    assert.match(first.stdout, /Budget review/);
    // Mary's second request: the EWS URL and token are cached from her first, so the journey is six hops.
    for (const [step, hop] of [[1, 'IntraOrganizationConnector'], [2, 'EWS URL for contoso.mail.onmicrosoft.test from the cache'], [5, 'GetUserAvailability']] as const) assert.match(first.stdout, new RegExp(`\\b${step}\\. .*${hop}`), first.stdout);
    const second = await lab(['flow', 'F10', '--as', 'alex@contoso.test', '--for', 'joe@contoso.test', '--date', day, '--from', 'corp'], env);
    assert.equal(second.code, 0, `${second.stdout}${second.stderr}`);
    assert.match(second.stdout, /app token for outlook\.office365\.test: reused from the cache/);
    assert.match(second.stdout, /EWS URL for contoso\.mail\.onmicrosoft\.test from the cache/);
    assert.doesNotMatch(second.stdout, /cache miss/);
  });

  it('F10 again for Alex: the EWS URL and the EWS app token come from the caches, nothing goes to the token service or Autodiscover; Alex sees times only', async () => {
    const run = await askFreeBusy(corp, { host: onprem, user: 'alex@contoso.test', password: password('alex@contoso.test'), for: ['joe@contoso.test'], day });
    assert.equal(run.answers[0]?.code, 'NoError', run.answers[0]?.message);
    assert.deepEqual(run.answers[0]?.subjects, []);
    assert.deepEqual(run.answers[0]?.starts, ['2026-03-02T09:00:00', '2026-03-02T12:00:00']);
    assert.deepEqual(hopNames(run), ['path-lookup', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result']);
    const cached = run.hops.filter((hop) => hop.cache !== undefined);
    assert.deepEqual(cached.map((hop) => [hop.hop, hop.cache]), [['autodiscover-token', 'hit'], ['ews-token', 'hit']]);
    assert.ok(cached.every((hop) => hop.url === undefined), 'a cache hit sends nothing');
    assert.deepEqual(run.hops.filter((hop) => hop.url).map((hop) => new URL(hop.url!).host), ['outlook.office365.test'], 'one EWS round trip');
  });

  it('F11: Joe asks Exchange Online about Mary; it goes OAuth in through the edge on /autodiscover/autodiscover.svc and /EWS/', async () => {
    const run = await asJoe();
    assert.equal(run.answers[0]?.code, 'NoError', run.answers[0]?.message);
    assert.deepEqual(run.answers[0]?.starts, ['2026-03-02T09:30:00', '2026-03-02T13:00:00']);
    assert.deepEqual(hopNames(run), ['path-lookup', 'autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result']);
    assert.match(run.hops[0]!.title, /ExchangeHybridOnlineToOnPremises is enabled and lists contoso\.test/);
    assert.equal((await internet.request('https://mail.contoso.test/_lab/state')).status, 403, 'the hybrid minimum does not publish exchange-onprem’s /_lab/ to the internet');
    const decisions = await edgeDecisions(run);
    assert.deepEqual(decisions, [
      'autodiscover.contoso.test /autodiscover/autodiscover.svc allow publish-autodiscover-svc',
      'autodiscover.contoso.test /autodiscover/autodiscover.svc allow publish-autodiscover-svc',
      'mail.contoso.test /EWS/Exchange.asmx allow publish-ews',
    ]);
    const ews = (await edgeCapture(corp, run.correlationId)).find((entry) => entry.path === '/EWS/Exchange.asmx')!;
    const bearer = ews.readable.authorization as { scheme: 'bearer'; jwt: { alg: string; claims: Record<string, string>; actorToken?: { claims: Record<string, string> } } };
    assert.equal(bearer.jwt.alg, 'none');
    assert.equal(bearer.jwt.claims.smtp, 'joe@contoso.test', 'at the edge, the OAuth token names Joe in clear');
    assert.equal(bearer.jwt.actorToken?.claims.iss, `00000001-0000-0000-c000-000000000000@${seed.tenant.id}`);
  });

  /** The edge's inbound decisions for a run's correlation id, from its own trace (leaving out F6's hop to AD FS for Joe's Basic sign-in). */
  async function edgeDecisions(run: FreeBusyRun): Promise<string[]> {
    const state = (await testLab.services.get('edge')!.app.inject({ url: '/_lab/state' })).json() as { recent: { correlationId: string; kind: string; summary: Record<string, string> }[] };
    return state.recent
      .filter((event) => event.correlationId === run.correlationId && event.kind === 'decision' && event.summary.direction === 'inbound' && event.summary.host !== 'fs.contoso.test')
      .map(({ summary }) => `${summary.host} ${summary.path} ${summary.action} ${summary.rule}`);
  }

  it('ews-javascript-api, a third-party EWS client: as Mary against on-premises EWS it gets Joe’s subjects, as Joe against Exchange Online Mary’s times — the answers lab flow shows', async () => {
    const [joe] = await ewsJsAvailability({ url: `https://${onprem}/EWS/Exchange.asmx`, credentials: { user: 'mary@contoso.test', password: password('mary@contoso.test') }, client: corp, attendees: ['joe@contoso.test'], day });
    assert.equal(joe?.error, undefined, JSON.stringify(joe));
    assert.deepEqual(joe?.events.map((event) => [event.start, event.subject]), [['2026-03-02T09:00:00.000Z', 'Budget review'], ['2026-03-02T12:00:00.000Z', 'Lunch with Sam']]);
    const flowRun = await lab(['flow', 'F10', '--as', 'mary@contoso.test', '--for', 'joe@contoso.test', '--date', day, '--from', 'corp', '--json'], env);
    const shown = (JSON.parse(flowRun.stdout) as { answer: { mailboxes: { busy: { start: string; subject?: string }[] }[] } }).answer.mailboxes[0]!.busy;
    assert.deepEqual(shown.map((busy) => busy.subject), joe?.events.map((event) => event.subject));
    const [mary] = await ewsJsAvailability({ url: `https://${online}/EWS/Exchange.asmx`, credentials: { user: 'joe@contoso.test', password: password('joe@contoso.test') }, client: internet, attendees: ['mary@contoso.test'], day });
    assert.equal(mary?.error, undefined, JSON.stringify(mary));
    assert.deepEqual(mary?.events.map((event) => [event.start, event.subject ?? null]), [['2026-03-02T09:30:00.000Z', null], ['2026-03-02T13:00:00.000Z', null]]);
  });

  it('F12: with the IOCs off the same question goes DAuth and Mary sees times only; the token is EncryptedData', async () => {
    assert.equal((await lab(['hybrid', 'set', 'ioc', '--enabled', 'false', '--as', 'corp'], env)).code, 0);
    const run = await asMary();
    assert.equal(run.answers[0]?.code, 'NoError', run.answers[0]?.message);
    assert.deepEqual(run.answers[0]?.subjects, [], 'DAuth is domain-based: Default permission only');
    assert.deepEqual(run.answers[0]?.starts, ['2026-03-02T09:00:00', '2026-03-02T12:00:00']);
    assert.deepEqual(hopNames(run), ['path-lookup', 'federation-information', 'delegation-token', 'autodiscover-wssecurity', 'availability-wssecurity', 'result']);
    assert.match(run.hops[0]!.title, /IntraOrganizationConnector ExchangeHybridOnPremisesToOnline lists contoso\.mail\.onmicrosoft\.test but is disabled; OrganizationRelationship "On-premises to O365" lists it → DAuth/);
    const token = run.hops.find((hop) => hop.hop === 'delegation-token')!.token!;
    assert.equal(token.type, 'delegation');
    assert.equal(token.user, undefined, 'a DAuth token names nobody in transit');
    assert.match(token.form ?? '', /^xenc:EncryptedData \(aes256-gcm, rsa-oaep/);

    const joeToMary = await asJoe();
    assert.equal(joeToMary.answers[0]?.code, 'NoError', joeToMary.answers[0]?.message);
    assert.equal(joeToMary.hops[0]?.path, 'dauth');
    const captured = (await edgeCapture(corp, joeToMary.correlationId)).filter((entry) => /wssecurity$/i.test(entry.path));
    assert.deepEqual(captured.map((entry) => entry.path), ['/autodiscover/autodiscover.svc/WSSecurity', '/EWS/Exchange.asmx/WSSecurity']);
    for (const entry of captured) {
      assert.deepEqual(entry.readable.wsSecurity, { parsed: true, encryptedData: true, addresses: [] }, 'at the edge, the DAuth token is EncryptedData naming nobody');
      assert.equal(entry.readable.authorization, undefined);
    }
    const shown = await lab(['edge', 'capture', '--correlation-id', joeToMary.correlationId, '--as', 'corp'], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /POST https:\/\/mail\.contoso\.test\/EWS\/Exchange\.asmx\/WSSecurity  allow by publish-ews[\s\S]*wsse:Security: xenc:EncryptedData, readable addresses: none/);
  });

  it('F12: with the cloud’s FreeBusyAccessLevel None, Mary’s answer about Joe is a per-mailbox error inside a NoError response', async () => {
    const [relationship] = await getOnline('OrganizationRelationship');
    await putOnline('OrganizationRelationship', relationship!.Name, { ...relationship!, FreeBusyAccessLevel: 'None' });
    try {
      const run = await asMary();
      assert.equal(run.status, 200);
      assert.equal(run.answers[0]?.code, 'ErrorNoFreeBusyAccess', run.body);
      assert.equal(run.hops.at(-2)?.hop, 'availability-wssecurity');
    } finally {
      await putOnline('OrganizationRelationship', relationship!.Name, relationship);
    }
  });

  it('F13: with neither IOC nor OrgRel, the cloud’s AvailabilityAddressSpace answers with its service account over Basic; a wrong password names the failure', async () => {
    const [relationship] = await getOnline('OrganizationRelationship');
    await putOnline('OrganizationRelationship', relationship!.Name, { ...relationship!, Enabled: false });
    const space = { ForestName: 'contoso.test', AccessMethod: 'OrgWideFB', UseServiceAccount: false, TargetAutodiscoverEpr: null, UserName: 'migadmin@contoso.test', Password: password('migadmin@contoso.test') } as const;
    try {
      await putOnline('AvailabilityAddressSpace', space.ForestName, space);
      const run = await asJoe();
      assert.equal(run.answers[0]?.code, 'NoError', run.answers[0]?.message);
      assert.deepEqual(run.answers[0]?.starts, ['2026-03-02T09:30:00', '2026-03-02T13:00:00']);
      assert.deepEqual(hopNames(run), ['path-lookup', 'autodiscover-basic', 'availability-basic', 'result']);
      assert.match(run.hops[0]!.title, /AvailabilityAddressSpace contoso\.test \(OrgWideFB, service account migadmin@contoso\.test\) → cross-forest/);

      await putOnline('AvailabilityAddressSpace', space.ForestName, { ...space, Password: 'wrong' });
      const refused = await asJoe();
      assert.equal(refused.status, 200);
      assert.equal(refused.answers[0]?.code, 'ErrorAutoDiscoverFailed');
      assert.match(refused.answers[0]?.message ?? '', /HTTP 401.*the service account migadmin@contoso\.test was refused/);
      assert.match(refused.answers[0]?.message ?? '', /52e/);
      assert.equal(refused.hops.find((hop) => hop.hop === 'autodiscover-basic')?.ok, false);
    } finally {
      await putOnline('AvailabilityAddressSpace', space.ForestName, undefined);
      await putOnline('OrganizationRelationship', relationship!.Name, relationship);
    }
  });

  it('with nothing configured for the domain, the mailbox gets ErrorAvailabilityConfigNotFound naming what was looked for', async () => {
    const [relationship] = await getOnline('OrganizationRelationship');
    await putOnline('OrganizationRelationship', relationship!.Name, { ...relationship!, Enabled: false });
    try {
      const run = await asJoe();
      assert.equal(run.answers[0]?.code, 'ErrorAvailabilityConfigNotFound');
      assert.match(run.answers[0]?.message ?? '', /IntraOrganizationConnector ExchangeHybridOnlineToOnPremises lists contoso\.test but is disabled, nor any enabled OrganizationRelationship, nor an AvailabilityAddressSpace/);
      assert.deepEqual(hopNames(run), ['path-lookup']);
    } finally {
      await putOnline('OrganizationRelationship', relationship!.Name, relationship);
      assert.equal((await lab(['hybrid', 'set', 'ioc', '--enabled', 'true', '--as', 'corp'], env)).code, 0);
    }
  });
});
