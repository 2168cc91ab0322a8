import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labDay } from '../../shared/mailbox/index.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { lab, startFederatedLab } from '../support/identity.ts';

/**
 * `lab flow` on the local lab, for what the lab serves today: the requesting side of
 * cross-premises free/busy is not there yet, so these are requests each Exchange answers
 * itself (no hop recorded) — Mary, from corp, asks exchange-onprem (F10's starting point)
 * for Alex and herself with Basic checked by the dc; Joe, from the internet, asks
 * exchange-online (F11's) for Sam and Ann with Basic through AD FS. The CLI prints the
 * answer and says that no cross-premises hop was made. A wrong password and a bad
 * command line fail with the hop or the option named.
 */
interface FlowJson {
  flow: string;
  correlationId: string;
  from: string;
  answer: { kind: string; status: number; mailboxes: { mailbox: string; kind: string; viewType?: string; busy?: { start: string; end: string; subject?: string }[] }[] };
  hops: unknown[] | null;
  verdict: { ok: boolean; servedLocally: boolean; problems: string[] };
}

describe('lab flow on the local lab (same-organization requests)', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  const today = labDay(new Date());

  before(async () => {
    ({ testLab, env } = await startFederatedLab());
  });
  after(async () => {
    await testLab?.dispose();
  });

  it("F10's starting point: Mary gets Alex's busy times and her own calendar from exchange-onprem, served by it alone", async () => {
    const run = await lab(['flow', 'F10', '--as', 'mary@contoso.test', '--for', 'alex@contoso.test,mary@contoso.test', '--date', today], env);
    assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /^F10 {2}free\/busy on-premises → cloud over OAuth/m);
    assert.match(run.stdout, /^ {2}mary@contoso\.test asks exchange-onprem \(https:\/\/mail\.contoso\.test\/EWS\/Exchange\.asmx\) with Basic, from local corp host$/m);
    assert.match(run.stdout, /^ {2}alex@contoso\.test: FreeBusyMerged\n {4}15:00–16:00 UTC {2}Busy\n {4}merged \(30 min\): 0{30}22/m);
    assert.match(run.stdout, /^ {4}09:30–09:45 UTC {2}Busy {2}Team stand-up$/m);
    assert.match(run.stdout, /^ {4}13:00–14:30 UTC {2}Busy {2}Vendor call \(Teams\)$/m);
    assert.match(run.stdout, /^journey at exchange-onprem: served by exchange-onprem itself: no cross-premises hops$/m);
    assert.match(run.stdout, /^OK: every mailbox answered; F10's cross-premises path was not used/m);
  });

  it('--json gives the answer and an empty journey under the correlation id the Exchange recorded the request with', async () => {
    const run = await lab(['flow', 'F10', '--for', 'alex@contoso.test', '--date', today, '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as FlowJson;
    assert.match(json.correlationId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(json.hops, []);
    assert.deepEqual(json.answer.mailboxes.map((mailbox) => [mailbox.mailbox, mailbox.viewType, mailbox.busy?.map((busy) => busy.start)]), [['alex@contoso.test', 'FreeBusyMerged', [`${today}T15:00:00.000Z`]]]);
    assert.deepEqual(json.verdict, { ok: true, path: 'none', servedLocally: true, problems: [] });
    const corp = clientOn('corp', testLab.certsDir);
    try {
      const state = JSON.parse((await corp.request('https://mail.contoso.test/_lab/state')).body) as { recent: { correlationId: string; kind: string; summary: { path?: string; status?: number } }[] };
      const recorded = state.recent.filter((event) => event.correlationId === json.correlationId).map((event) => [event.kind, event.summary.path, event.summary.status]);
      assert.deepEqual(recorded, [['request', '/EWS/Exchange.asmx', 200]]);
    } finally {
      await corp.close();
    }
  });

  it("F11's starting point: Joe, from the internet with Basic through AD FS, gets Sam's and Ann's times from exchange-online", async () => {
    const run = await lab(['flow', 'F11', '--for', 'sam@litware.test,ann@contoso.onmicrosoft.test', '--date', today, '--view', 'FreeBusy'], env);
    assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /^ {2}joe@contoso\.test asks exchange-online \(https:\/\/outlook\.office365\.test\/EWS\/Exchange\.asmx\) with Basic, from local internet host$/m);
    assert.match(run.stdout, /^ {2}sam@litware\.test: FreeBusy\n {4}10:30–11:00 UTC {2}Busy$/m);
    assert.match(run.stdout, /^ {2}ann@contoso\.onmicrosoft\.test: FreeBusy\n {4}11:00–12:00 UTC {2}Busy$/m);
    assert.match(run.stdout, /^journey at exchange-online: served by exchange-online itself: no cross-premises hops$/m);
  });

  it('a mailbox the Exchange does not know is its per-mailbox error, and the flow fails naming it', async () => {
    const run = await lab(['flow', 'F11', '--for', 'nobody@contoso.onmicrosoft.test', '--date', today], env);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^ {2}nobody@contoso\.onmicrosoft\.test: ErrorMailRecipientNotFound — No mailbox in .* has the address nobody@contoso\.onmicrosoft\.test\.$/m);
    assert.match(run.stdout, /^FAILED: F11\n {2}nobody@contoso\.onmicrosoft\.test: ErrorMailRecipientNotFound/m);
  });

  it("a wrong password is the dc's 401 at exchange-onprem, named as the client → EWS hop", async () => {
    const run = await lab(['flow', 'F10', '--for', 'alex@contoso.test', '--password', 'wrong'], env);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^answer: HTTP 401: the Exchange refused the credentials \(401; WWW-Authenticate: Negotiate, NTLM, Basic Realm=""\)/m);
    assert.match(run.stdout, /^ {2}client → exchange-onprem \(EWS\): HTTP 401/m);
  });

  it('refuses a bad command line with exit 2, naming the option', async () => {
    const unknown = await lab(['flow', 'F9'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^lab flow: "F9" is not a free\/busy flow; expected F10, F11, F12 or F13\nusage: lab flow F10\|F11\|F12\|F13/);
    const date = await lab(['flow', 'F10', '--date', 'tomorrow'], env);
    assert.equal(date.code, 2);
    assert.match(date.stderr, /--date is "tomorrow"; expected a day as YYYY-MM-DD/);
  });
});
