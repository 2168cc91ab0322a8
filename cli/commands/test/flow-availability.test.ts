import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readAvailabilityRequest } from '../../../shared/ews/availability/read-request.ts';
import { readEwsRequest } from '../../../shared/ews/read-envelope.ts';
import { buildAvailabilityRequest, nextDay, readAvailabilityAnswer } from '../flow-availability.ts';

/** `lab flow`'s GetUserAvailability: the request the lab's own EWS reader accepts, and answers read back from fixtures the lab's renderers wrote. */
const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const asked = ['joe@contoso.test', 'alex@contoso.test', 'pat@contoso.test'];

describe('lab flow: the GetUserAvailability request and its answer', () => {
  it('builds a SOAP 1.1 request the lab EWS reader takes as Exchange2013, UTC, the whole day, 30-minute interval, the view asked for', () => {
    const { operation, requestedVersion } = readEwsRequest(buildAvailabilityRequest({ mailboxes: ['joe@contoso.test', 'sam@litware.test'], day: '2026-03-02', view: 'FreeBusy' }));
    assert.equal(requestedVersion, 'Exchange2013');
    assert.equal(operation.localName, 'GetUserAvailabilityRequest');
    const request = readAvailabilityRequest(operation);
    assert.deepEqual(request.mailboxes, [{ address: 'joe@contoso.test', attendeeType: 'Required' }, { address: 'sam@litware.test', attendeeType: 'Required' }]);
    assert.equal(request.start.toISOString(), '2026-03-02T00:00:00.000Z');
    assert.equal(request.end.toISOString(), '2026-03-03T00:00:00.000Z');
    assert.deepEqual([request.intervalMinutes, request.requestedView, request.timeZone.biasMinutes], [30, 'FreeBusy', 0]);
  });

  it('ends the window at the next UTC day, across month and leap-year ends', () => {
    assert.deepEqual([nextDay('2026-02-28'), nextDay('2028-02-28'), nextDay('2026-12-31')], ['2026-03-01', '2028-02-29', '2027-01-01']);
  });

  it('reads busy times with subject and location, a times-only view, and a per-mailbox error, in the order asked', () => {
    const answer = readAvailabilityAnswer(200, fixture('availability.joe-detailed-alex-times-pat-refused.xml'), asked);
    assert.equal(answer.kind, 'answered');
    if (answer.kind !== 'answered') return;
    const [joe, alex, pat] = answer.mailboxes;
    assert.deepEqual(joe, {
      mailbox: 'joe@contoso.test',
      kind: 'view',
      viewType: 'DetailedMerged',
      merged: '000000000000000000220000220000000000000000000000',
      busy: [
        { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z', busyType: 'Busy', subject: 'Budget review', location: 'Room 4.1' },
        { start: '2026-03-02T12:00:00.000Z', end: '2026-03-02T13:00:00.000Z', busyType: 'Busy', subject: 'Lunch with Sam' },
      ],
    });
    assert.deepEqual(alex, { mailbox: 'alex@contoso.test', kind: 'view', viewType: 'FreeBusyMerged', merged: '000000000000000000000000000000220000000000000000', busy: [{ start: '2026-03-02T15:00:00.000Z', end: '2026-03-02T16:00:00.000Z', busyType: 'Tentative' }] });
    assert.deepEqual(pat, { mailbox: 'pat@contoso.test', kind: 'error', responseCode: 'ErrorNoFreeBusyAccess', messageText: "The caller has no free/busy access to pat@contoso.test: the calendar's Default permission is None." });
  });

  it('reads an EWS SOAP fault as the request failing, with its ResponseCode and the hop the faultstring names', () => {
    const answer = readAvailabilityAnswer(500, fixture('availability.fault-invalid-server-version.xml'), asked);
    assert.deepEqual(answer, { kind: 'failed', status: 500, responseCode: 'ErrorInvalidServerVersion', message: "The specified server version 'Exchange1999' is invalid. (hop: client → exchange-onprem (EWS))" });
  });

  it('reads a 401 as refused credentials, with the challenges offered', () => {
    const answer = readAvailabilityAnswer(401, '', asked, ['Negotiate', 'NTLM', 'Basic Realm=""']);
    assert.deepEqual(answer, { kind: 'failed', status: 401, message: 'the Exchange refused the credentials (401; WWW-Authenticate: Negotiate, NTLM, Basic Realm="")' });
  });

  it('refuses what is not an EWS answer without throwing: text, a DOCTYPE, another count of mailboxes', () => {
    assert.deepEqual(readAvailabilityAnswer(502, 'Bad Gateway', asked), { kind: 'failed', status: 502, message: 'HTTP 502, not an EWS answer: Bad Gateway' });
    const doctype = readAvailabilityAnswer(200, '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', asked);
    assert.equal(doctype.kind, 'failed');
    assert.match((doctype as { message: string }).message, /refuses: the XML carries a DOCTYPE/);
    const short = readAvailabilityAnswer(200, fixture('availability.joe-detailed-alex-times-pat-refused.xml'), ['joe@contoso.test']);
    assert.deepEqual(short, { kind: 'failed', status: 200, message: 'the answer has 3 FreeBusyResponse elements for 1 mailboxes asked for' });
  });
});
