import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { verifyJwt } from '../../shared/jwt/verify.ts';
import { fetchPublishedKeys } from '../../shared/oauth/published-keys.ts';
import { certificatePath, LAB_CA } from '../../shared/pki/index.ts';
import { extractSamlTokenFromRstr } from '../../shared/saml/verify.ts';
import { addressOf, dnsView, localPlan } from '../../shared/topology/index.ts';
import { buildRst } from '../../shared/ws-trust/rst.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { startFederatedLab, tenantId } from '../support/identity.ts';

/**
 * Flow F7 with a maintained third-party client: Microsoft's MSAL for Python (Debian's
 * python3-msal) signs Joe in from the internet. It finds contoso.test federated (user
 * realm), reads AD FS's MEX through the edge and the WAP, sends the WS-Trust 1.3 RST
 * there, and trades the SAML assertion at azure-auth's v2.0 token endpoint. Then the
 * SAML 2.0 variant of the same trade, which MSAL takes when an RSTR names SAML 2.0.
 */
const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('../support/msal-username-password.py', import.meta.url));
const run = promisify(execFile);
const exchangeOnline = 'https://outlook.office365.test';
const authority = 'https://login.microsoftonline.test/contoso.onmicrosoft.test';
/** Microsoft Office's public client id, which real tenants let sign in to Exchange Online. */
const officeClientId = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';
const msalMissing = spawnSync(python, ['-c', 'import msal'], { encoding: 'utf8' }).status !== 0;

/** `--resolve` for every name of the internet's DNS view: what a machine on the internet resolves, and nothing else. */
function internetNames(): string[] {
  return [...dnsView('internet')].filter(([name]) => name.includes('.')).map(([name, entry]) => `${name}:${addressOf(entry.container, entry.network, localPlan)}`);
}

async function msalSignIn(certsDir: string, username: string, password: string, scope = `${exchangeOnline}/EWS.AccessAsUser.All`): Promise<{ code: number; result: Record<string, unknown>; stderr: string }> {
  const args = [script, '--authority', authority, '--client-id', officeClientId, '--scope', scope, '--username', username, '--password', password, '--ca', certificatePath(certsDir, LAB_CA), ...internetNames().flatMap((entry) => ['--resolve', entry])];
  try {
    const { stdout, stderr } = await run(python, args, { timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    return { code: 0, result: JSON.parse(stdout) as Record<string, unknown>, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, result: failed.stdout ? (JSON.parse(failed.stdout) as Record<string, unknown>) : {}, stderr: failed.stderr ?? '' };
  }
}

function needsMsal(t: TestContext): boolean {
  if (msalMissing) t.skip(`${python} cannot import msal: install Debian's python3-msal (apt-get install python3-msal); .ci/run installs it`);
  return !msalMissing;
}

describe('F7 with MSAL for Python: Joe signs in from the internet through MEX, WS-Trust and the SAML bearer grant', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;

  before(async () => {
    ({ testLab } = await startFederatedLab());
    internet = clientOn('internet', testLab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await testLab?.dispose();
  });

  it('gets Joe an access token for Exchange Online that azure-auth’s published keys verify, with amr fed', async (t) => {
    if (!needsMsal(t)) return;
    const { code, result, stderr } = await msalSignIn(testLab.certsDir, 'joe@contoso.test', 'Joe!Lab2026');
    assert.equal(code, 0, `${JSON.stringify(result)}\n${stderr}`);
    const keys = await fetchPublishedKeys(internet, `https://login.microsoftonline.test/${tenantId}/v2.0/.well-known/openid-configuration`, 'test → azure-auth (keys)');
    const claims = await verifyJwt(String(result.access_token), { keys, issuer: `https://sts.windows.test/${tenantId}/`, audience: exchangeOnline, hop: 'test ← azure-auth' });
    assert.equal(claims.upn, 'joe@contoso.test');
    assert.equal(claims.tid, tenantId);
    assert.equal(claims.scp, 'EWS.AccessAsUser.All');
    assert.equal(claims.appid, officeClientId);
    assert.ok(Array.isArray(claims.amr) && claims.amr.includes('fed') && claims.amr.includes('pwd'), `amr ${JSON.stringify(claims.amr)}`);
    assert.equal(result.scope, `${exchangeOnline}/EWS.AccessAsUser.All openid profile`);
    const idToken = result.id_token_claims as Record<string, unknown>;
    assert.deepEqual({ preferred_username: idToken.preferred_username, aud: idToken.aud, iss: idToken.iss, ver: idToken.ver }, { preferred_username: 'joe@contoso.test', aud: officeClientId, iss: `https://login.microsoftonline.test/${tenantId}/v2.0`, ver: '2.0' });
  });

  it('took MSAL’s hops: tenant discovery, user realm, MEX and WS-Trust 1.3 through the WAP, the v2.0 token endpoint', async (t) => {
    if (!needsMsal(t)) return;
    const requests = (service: string) => testLab.services.get(service as 'wap')!.context.trace.recent().filter((event) => event.kind === 'request').map((event) => `${String(event.summary.method)} ${String(event.summary.path)} ${String(event.summary.status)}`);
    const cloud = requests('azure-auth');
    assert.ok(cloud.includes('GET /contoso.onmicrosoft.test/v2.0/.well-known/openid-configuration 200'), cloud.join('\n'));
    assert.ok(cloud.some((line) => /^GET \/common\/userrealm\/joe(@|%40)contoso\.test 200$/.test(line)), cloud.join('\n'));
    assert.ok(cloud.includes(`POST /${tenantId}/oauth2/v2.0/token 200`), cloud.join('\n'));
    const wap = requests('wap');
    assert.ok(wap.includes('GET /adfs/services/trust/mex 200') && wap.includes('POST /adfs/services/trust/13/usernamemixed 200'), wap.join('\n'));
  });

  it('returns AD FS’s own fault for a wrong password, as MSAL raises it', async (t) => {
    if (!needsMsal(t)) return;
    const { code, result } = await msalSignIn(testLab.certsDir, 'joe@contoso.test', 'not-his-password');
    assert.equal(code, 1);
    assert.equal(result.error, 'RuntimeError');
    assert.match(String(result.error_description), /WsTrust server returned error in RSTR: .*MSIS3127: The specified request failed.*FailedAuthentication/);
  });

  it('returns azure-auth’s OAuth error for a scope of a resource the tenant does not have', async (t) => {
    if (!needsMsal(t)) return;
    const { code, result } = await msalSignIn(testLab.certsDir, 'joe@contoso.test', 'Joe!Lab2026', 'https://graph.microsoft.test/User.Read');
    assert.equal(code, 1);
    assert.equal(result.error, 'invalid_resource');
    assert.match(String(result.error_description), /^AADSTS500011: The resource principal named https:\/\/graph\.microsoft\.test was not found/);
  });

  it('SAML 2.0: an RST asking for it gets a SAML 2.0 assertion, which the saml2-bearer grant trades, base64url, at v2.0', async () => {
    const rstUrl = 'https://fs.contoso.test/adfs/services/trust/13/usernamemixed';
    const rst = buildRst({ version: '13', username: 'joe@contoso.test', password: 'Joe!Lab2026', to: rstUrl, tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion' });
    const rstr = await internet.request(rstUrl, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: rst });
    assert.equal(rstr.status, 200, rstr.body);
    const token = extractSamlTokenFromRstr(rstr.body);
    assert.equal(token.version, '2.0');
    const form = { grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer', client_id: officeClientId, client_info: '1', scope: `${exchangeOnline}/.default openid`, assertion: Buffer.from(token.assertion).toString('base64url') };
    const response = await internet.request(`https://login.microsoftonline.test/${tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    assert.equal(response.status, 200, response.body);
    const body = JSON.parse(response.body) as Record<string, string>;
    const claims = decodeJwt(body.access_token!);
    assert.deepEqual({ upn: claims.upn, aud: claims.aud, amr: claims.amr }, { upn: 'joe@contoso.test', aud: exchangeOnline, amr: ['pwd', 'fed'] });
    assert.deepEqual(JSON.parse(Buffer.from(body.client_info!, 'base64url').toString('utf8')), { uid: claims.oid, utid: tenantId });
    const replay = await internet.request(`https://login.microsoftonline.test/${tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    assert.match(JSON.parse(replay.body).error_description, /^SAML_REPLAYED/);
  });
});
