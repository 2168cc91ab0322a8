import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { HopSummary } from '../../../shared/cross-premises/hops.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { readAvailabilityAnswer, type AvailabilityAnswer } from '../flow-availability.ts';
import { flows, journeyOf, judge, pathHints, readFlowRequest, type FlowId, type FlowRequest } from '../flow-plan.ts';
import { flowJson, renderFlow, renderHop, renderMailbox, type FlowRun } from '../flow-views.ts';

/** `lab flow`: the journey from an Exchange's trace, the verdict against the flow id, and the text a person reads. */
const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const correlationId = 'c0ffee00-0000-4000-8000-000000000010';
const f10Recent = JSON.parse(fixture('recent.f10-oauth-first-request.json')) as unknown[];
const f12Refused = JSON.parse(fixture('hops.f12-dauth-ews-refused.json')) as HopSummary[];
const seed = loadSeed();
const joeAnswered: AvailabilityAnswer = readAvailabilityAnswer(200, fixture('availability.joe-detailed-alex-times-pat-refused.xml'), ['joe@contoso.test', 'alex@contoso.test', 'pat@contoso.test']);
const allAnswered: AvailabilityAnswer = joeAnswered.kind === 'answered' ? { ...joeAnswered, mailboxes: joeAnswered.mailboxes.slice(0, 1) } : joeAnswered;

function requestFor(id: FlowId, mailboxes = ['joe@contoso.test']): FlowRequest {
  const read = readFlowRequest(id, { for: mailboxes.join(',') }, seed, '2026-03-02');
  if (!('request' in read)) throw new Error(read.problem);
  return read.request;
}

function run(id: FlowId, answer: AvailabilityAnswer, hops: HopSummary[] | undefined, journeyProblem?: string): FlowRun {
  const request = requestFor(id);
  return { request, correlationId, from: 'local corp host', answer, hops, verdict: judge(request.flow, answer, hops, journeyProblem) };
}

describe('lab flow: reading the command line', () => {
  it('defaults F10 to Mary asking exchange-onprem from corp for Joe, with her seed password, today and DetailedMerged', () => {
    const read = readFlowRequest('F10', {}, seed, '2026-03-02');
    assert.ok('request' in read);
    const { flow, ...rest } = read.request;
    assert.deepEqual(rest, { requester: 'mary@contoso.test', password: 'Mary!Lab2026', mailboxes: ['joe@contoso.test'], day: '2026-03-02', view: 'DetailedMerged', from: undefined });
    assert.deepEqual([flow.server, flow.origin, flow.network, flow.path], ['exchange-onprem', 'https://mail.contoso.test', 'corp', 'oauth']);
  });

  it('defaults F11 to Joe asking exchange-online from the internet for Mary; F12 is DAuth and F13 legacy from on-premises', () => {
    const read = readFlowRequest('f11', { for: 'mary@contoso.test, alex@contoso.test' }, seed, '2026-03-02');
    assert.ok('request' in read);
    assert.deepEqual([read.request.requester, read.request.password, read.request.flow.server, read.request.flow.network], ['joe@contoso.test', 'Joe!Lab2026', 'exchange-online', 'internet']);
    assert.deepEqual(read.request.mailboxes, ['mary@contoso.test', 'alex@contoso.test']);
    assert.deepEqual([flows.F12.path, flows.F12.server, flows.F13.path, flows.F13.server], ['dauth', 'exchange-onprem', 'legacy', 'exchange-onprem']);
  });

  it('runs F12 and F13 cloud → on-premises when --as names a cloud mailbox (Joe asks Exchange Online about Mary from the internet)', () => {
    for (const id of ['F12', 'F13'] as const) {
      const read = readFlowRequest(id, { as: 'joe@contoso.test' }, seed, '2026-03-02');
      assert.ok('request' in read);
      assert.deepEqual([read.request.flow.server, read.request.flow.network, read.request.flow.path, read.request.mailboxes], ['exchange-online', 'internet', flows[id].path, ['mary@contoso.test']]);
    }
    const mary = readFlowRequest('F12', { as: 'alex@contoso.test' }, seed, '2026-03-02');
    assert.ok('request' in mary);
    assert.equal(mary.request.flow.server, 'exchange-onprem');
  });

  it('says what is wrong with a command line, one problem at a time', () => {
    const problem = (id: string | undefined, options: Parameters<typeof readFlowRequest>[1]): string => {
      const read = readFlowRequest(id, options, seed, '2026-03-02');
      return 'problem' in read ? read.problem : 'accepted';
    };
    assert.equal(problem(undefined, {}), 'name a flow: F10, F11, F12 or F13');
    assert.equal(problem('F9', {}), '"F9" is not a free/busy flow; expected F10, F11, F12 or F13');
    assert.equal(problem('F10', { as: 'mary' }), '--as is "mary"; expected a user\'s address, e.g. mary@contoso.test');
    assert.equal(problem('F10', { for: 'joe@contoso.test,,<x>@y.test' }), '--for is "joe@contoso.test,,<x>@y.test"; expected mailbox addresses separated by commas, e.g. joe@contoso.test');
    assert.equal(problem('F10', { as: 'nobody@contoso.test' }), 'the seed has no password for nobody@contoso.test; pass --password');
    assert.equal(problem('F10', { as: 'nobody@contoso.test', password: 'x' }), 'accepted');
    assert.equal(problem('F10', { date: '2026-02-30' }), '--date is "2026-02-30"; expected a day as YYYY-MM-DD');
    assert.equal(problem('F10', { view: 'Everything' }), '--view is "Everything"; expected one of None, MergedOnly, FreeBusy, FreeBusyMerged, Detailed, DetailedMerged');
    assert.equal(problem('F10', { from: 'perimeter' }), '--from is "perimeter"; expected internet or corp');
    assert.match(problem('F10', { for: Array.from({ length: 101 }, (_, index) => `u${index}@contoso.test`).join(',') }), /^--for names 101 mailboxes; GetUserAvailability takes at most 100$/);
  });
});

describe('lab flow: the journey and the verdict', () => {
  it("keeps only this request's hop summaries from the trace, in step order", () => {
    const hops = journeyOf(f10Recent, correlationId);
    assert.deepEqual(hops.map((hop) => `${hop.step}:${hop.hop}`), ['1:path-lookup', '2:autodiscover-anonymous', '3:app-token', '4:autodiscover-token', '5:ews-token', '6:outer-token', '7:availability', '8:result']);
  });

  it('prints a hop as the issue does, with what it is, where it went and its token', () => {
    const appToken = journeyOf(f10Recent, correlationId)[2]!;
    assert.deepEqual(renderHop(appToken), [
      '  3. app token for autodiscover-s.outlook.test — requested from accounts.accesscontrol.windows.test (cache miss)',
      '     app-token · OAuth · for joe@contoso.test · POST https://accounts.accesscontrol.windows.test/7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60/tokens/OAuth/2 → 200',
      '     token actor: issuer 00000001-0000-0000-c000-000000000000@7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60, audience 00000002-0000-0ff1-ce00-000000000000/autodiscover-s.outlook.test@7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60, expires 2026-03-02T10:00:00Z, form JWT RS256 signed by the STS',
    ]);
    assert.equal(renderHop({ ...appToken, cache: 'hit', url: undefined, status: undefined, token: undefined })[0], '  3. app token for autodiscover-s.outlook.test — requested from accounts.accesscontrol.windows.test (cache hit)');
  });

  it('prints busy times as HH:MM–HH:MM UTC with subject and location, the merged string, and a per-mailbox error', () => {
    assert.ok(joeAnswered.kind === 'answered');
    const [joe, , pat] = joeAnswered.mailboxes;
    assert.deepEqual(renderMailbox(joe!, '2026-03-02'), [
      '  joe@contoso.test: DetailedMerged',
      '    09:00–10:00 UTC  Busy  Budget review (Room 4.1)',
      '    12:00–13:00 UTC  Busy  Lunch with Sam',
      '    merged (30 min): 000000000000000000220000220000000000000000000000',
    ]);
    assert.deepEqual(renderMailbox(pat!, '2026-03-02'), ["  pat@contoso.test: ErrorNoFreeBusyAccess — The caller has no free/busy access to pat@contoso.test: the calendar's Default permission is None."]);
  });

  it('F10 over OAuth with every mailbox answered is OK, and prints the numbered journey under the expected path', () => {
    const flowRun = run('F10', allAnswered, journeyOf(f10Recent, correlationId));
    assert.deepEqual(flowRun.verdict, { ok: true, path: 'oauth', servedLocally: false, problems: [] });
    const text = renderFlow(flowRun);
    assert.match(text, /^ {2}expected path: OAuth: IOC lookup, anonymous autodiscover and 401, app token, autodiscover with token, EWS token/m);
    assert.match(text, /^journey at exchange-onprem \(8 hops, the OAuth path\):$/m);
    assert.match(text, /^ {2}1\. IOC ExchangeHybridOnPremisesToOnline lists contoso\.mail\.onmicrosoft\.test → OAuth$/m);
    assert.match(text, /^OK: F10 took the OAuth path and every mailbox answered$/m);
  });

  it('F12 answered over OAuth is a path mismatch: a warning, the IOC hint, not OK', () => {
    const flowRun = run('F12', allAnswered, journeyOf(f10Recent, correlationId));
    assert.equal(flowRun.verdict.ok, false);
    assert.deepEqual(flowRun.verdict.pathMismatch, { expected: 'dauth', taken: 'oauth', hint: pathHints.dauth });
    const text = renderFlow(flowRun);
    assert.match(text, /^WARNING: exchange-onprem took the OAuth path, not the DAuth path that F12 means\.$/m);
    assert.match(text, /^ {2}hint: F12 goes over DAuth only with the IntraOrganizationConnectors off .*lab hybrid set ioc --enabled false/m);
    assert.match(text, /^FAILED: F12 did not take the DAuth path$/m);
    assert.match(run('F13', allAnswered, journeyOf(f10Recent, correlationId)).verdict.pathMismatch!.hint, /lab hybrid set orgrel --enabled false; lab hybrid address-space add --side onprem --forest contoso\.mail\.onmicrosoft\.test/);
  });

  it('a failed hop fails the flow and is named with its step, id and detail; the refused mailbox too', () => {
    const refused: AvailabilityAnswer = { kind: 'answered', status: 200, mailboxes: [{ mailbox: 'joe@contoso.test', kind: 'error', responseCode: 'ErrorProxyRequestNotAllowed', messageText: 'the partner refused the delegation token' }] };
    const flowRun = run('F12', refused, f12Refused);
    assert.equal(flowRun.verdict.ok, false);
    assert.equal(flowRun.verdict.pathMismatch, undefined);
    assert.deepEqual(flowRun.verdict.problems, [
      'joe@contoso.test: ErrorProxyRequestNotAllowed — the partner refused the delegation token',
      'hop 4 (availability-wssecurity) failed: GetUserAvailability at outlook.office365.test over WSSecurity — o:FailedCheck DAUTH_FREE_BUSY_DISABLED',
    ]);
    const text = renderFlow(flowRun);
    assert.match(text, /^ {2}4\. ✗ GetUserAvailability at outlook\.office365\.test over WSSecurity — o:FailedCheck DAUTH_FREE_BUSY_DISABLED$/m);
    assert.match(text, /^ {5}delegation-token · DAuth · for joe@contoso\.test · POST https:\/\/nexus\.microsoftonline-p\.test\/extSTS\.srf → 200$/m);
    assert.match(text, /^ {5}token delegation: audience outlook\.test, form xenc:EncryptedData \(aes256-gcm, rsa-oaep\)$/m);
  });

  it('no hops at all: served by the Exchange itself, OK when every mailbox answered', () => {
    const flowRun = run('F10', allAnswered, []);
    assert.deepEqual(flowRun.verdict, { ok: true, path: 'none', servedLocally: true, problems: [] });
    assert.match(renderFlow(flowRun), /^journey at exchange-onprem: served by exchange-onprem itself: no cross-premises hops$/m);
  });

  it('a request that failed as a whole, or an unreadable trace, fails the flow naming the hop', () => {
    const fault: AvailabilityAnswer = { kind: 'failed', status: 500, responseCode: 'ErrorInternalServerError', message: 'boom' };
    const failed = run('F10', fault, []);
    assert.deepEqual([failed.verdict.ok, failed.verdict.servedLocally, failed.verdict.problems], [false, false, ['client → exchange-onprem (EWS): HTTP 500 ErrorInternalServerError: boom']]);
    assert.match(renderFlow(failed), /^journey at exchange-onprem: no cross-premises hops$/m);
    const blind = run('F10', allAnswered, undefined, 'GET https://mail.contoso.test/_lab/state answered HTTP 403');
    assert.deepEqual([blind.verdict.ok, blind.verdict.servedLocally, blind.verdict.problems], [false, false, ['exchange-onprem /_lab/state: GET https://mail.contoso.test/_lab/state answered HTTP 403']]);
    assert.match(renderFlow(blind), /^journey at exchange-onprem: not available$/m);
  });

  it('--json carries the answer and the hops, and never the password', () => {
    const json = JSON.parse(flowJson(run('F10', allAnswered, journeyOf(f10Recent, correlationId)))) as { flow: string; answer: AvailabilityAnswer; hops: HopSummary[]; request: Record<string, unknown> };
    assert.equal(json.flow, 'F10');
    assert.deepEqual(json.answer, allAnswered);
    assert.equal(json.hops.length, 8);
    assert.equal(json.request.password, undefined);
    assert.doesNotMatch(flowJson(run('F10', allAnswered, [])), /Mary!Lab2026/);
  });
});
