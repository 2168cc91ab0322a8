import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import type { startTestLab } from '../support/in-process-lab.ts';
import { lab, startSyncedLab } from '../support/identity.ts';

/**
 * Flows F8 (federating contoso.test) and F7 (a rich client through MEX and WS-Trust) on
 * the local lab, from corp: AD FS registers itself with the cloud through the edge
 * proxy; both sides then agree; Mary gets an access token from AD FS's SAML assertion.
 */
describe('F8 then F7: federating contoso.test and signing Mary in as a rich client', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;

  before(async () => {
    ({ testLab, env } = await startSyncedLab());
  });
  after(async () => {
    await testLab?.dispose();
  });

  it('F8: lab federation show flags every property while the cloud knows nothing of AD FS', async () => {
    const shown = await lab(['federation', 'show', 'contoso.test', '--as', 'corp', '--json'], env);
    assert.equal(shown.code, 1);
    const { rows } = JSON.parse(shown.stdout) as { rows: { property: string; match: boolean }[] };
    assert.deepEqual(rows.filter((row) => !row.match).map((row) => row.property), ['IssuerUri', 'PassiveLogOnUri', 'ActiveLogOnUri', 'MetadataExchangeUri', 'LogOffUri', 'SigningCertificate']);
  });

  it('F7: a rich client cannot sign Mary in before the domain is federated', async () => {
    const token = await lab(['token', '--user', 'mary@contoso.test', '--password', 'Mary!Lab2026', '--as', 'corp'], env);
    assert.equal(token.code, 1);
    assert.match(token.stderr, /no https WS-Trust endpoint/);
  });

  it('F8: lab federate has AD FS register itself with the cloud, outbound through the edge proxy', async () => {
    const federated = await lab(['federate', 'contoso.test', '--as', 'corp'], env);
    assert.equal(federated.code, 0, federated.stderr);
    assert.match(federated.stdout, /contoso\.test is now federated with http:\/\/fs\.contoso\.test\/adfs\/services\/trust/);
    const adfsAddress = addressOf('adfs', 'corp', localPlan);
    const decisions = testLab.services.get('edge')!.context.trace.recent().filter((event) => event.kind === 'decision');
    assert.ok(decisions.some((event) => event.summary.direction === 'outbound' && event.summary.host === 'login.microsoftonline.test' && event.summary.source === adfsAddress), 'the edge proxied AD FS to the cloud');
  });

  it('F8: afterwards both sides agree on every property', async () => {
    const shown = await lab(['federation', 'show', 'contoso.test', '--as', 'corp', '--json'], env);
    assert.equal(shown.code, 0, shown.stdout);
    assert.ok((JSON.parse(shown.stdout) as { rows: { match: boolean }[] }).rows.every((row) => row.match));
  });

  it('F7: Mary gets a verified token through realm discovery, MEX, WS-Trust 1.3 and the SAML bearer grant', async () => {
    const token = await lab(['token', '--user', 'mary@contoso.test', '--password', 'Mary!Lab2026', '--as', 'corp', '--json'], env);
    assert.equal(token.code, 0, token.stderr);
    const summary = JSON.parse(token.stdout);
    assert.equal(summary.upn, 'mary@contoso.test');
    assert.deepEqual(summary.amr, ['pwd', 'fed']);
    assert.equal(summary.path, 'realm: Federated → mex → https://fs.contoso.test/adfs/services/trust/13/usernamemixed → ws-trust 13: SAML 1.1 assertion → saml1_1-bearer grant');
  });

  it('F7: AD FS’s own faults reach the client: a bad password, and Pat’s expired one', async () => {
    const wrong = await lab(['token', '--user', 'mary@contoso.test', '--password', 'not-it', '--as', 'corp'], env);
    assert.match(wrong.stderr, /FailedAuthentication: MSIS3127/);
    const expired = await lab(['token', '--user', 'pat@contoso.test', '--password', 'Pat!Lab2026', '--as', 'corp'], env);
    assert.match(expired.stderr, /FailedAuthentication\.ExpiredPassword: MSIS3127.*password has expired/);
  });
});
