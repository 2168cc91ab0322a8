import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document, Element } from '@xmldom/xmldom';
import type { CalendarItem, CalendarPermissionLevel, Mailbox } from '../../mailbox/index.ts';
import { parseXml } from '../../xml/safe-parse.ts';
import { LabError } from '../../errors/lab-error.ts';
import { folderPermissionAccess, organizationRelationshipAccess } from '../availability/access.ts';
import { getUserAvailability } from '../availability/get-user-availability.ts';
import { mergedFreeBusy } from '../availability/merged-free-busy.ts';
import { ewsNs } from '../namespaces.ts';
import { readEwsRequest } from '../read-envelope.ts';

/** A two-mailbox Exchange: Joe (Mary is Reviewer, Default AvailabilityOnly) and Alex (Default None). */
const day = '2026-03-02';
const at = (time: string, date = day): Date => new Date(`${date}T${time}:00Z`);
const mailboxes: Record<string, Mailbox> = {
  'joe@contoso.test': { primarySmtpAddress: 'joe@contoso.test', displayName: 'Joe Bloggs', location: 'cloud' },
  'alex@contoso.test': { primarySmtpAddress: 'alex@contoso.test', displayName: 'Alex Wilber', location: 'onprem' },
};
const permissions: Record<string, Record<string, CalendarPermissionLevel>> = {
  'joe@contoso.test': { Default: 'AvailabilityOnly', 'mary@contoso.test': 'Reviewer', 'pat@contoso.test': 'LimitedDetails' },
  'alex@contoso.test': { Default: 'None' },
};
const store = {
  mailbox: (address: string) => mailboxes[address.toLowerCase()],
  calendarFor: (owner: string, date: Date): CalendarItem[] => {
    if (owner !== 'joe@contoso.test') return [];
    const d = date.toISOString().slice(0, 10);
    return [
      { id: 7, recurring: true, subject: 'Budget review', location: 'Room 4.1', organizer: owner, start: at('09:00', d), end: at('10:00', d) },
      { id: 8, recurring: true, subject: 'Lunch with Sam', location: undefined, organizer: owner, start: at('12:00', d), end: at('13:00', d) },
    ];
  },
  permissionOf: (owner: string, viewer: string): CalendarPermissionLevel => permissions[owner]?.[viewer] ?? permissions[owner]?.Default ?? 'AvailabilityOnly',
};

function request(options: { view?: string; interval?: string; start?: string; end?: string; addresses?: string[]; extra?: string } = {}): Element {
  const data = (options.addresses ?? ['joe@contoso.test'])
    .map((address) => `<t:MailboxData><t:Email><t:Address>${address}</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>`)
    .join('');
  const interval = options.interval === undefined ? '<t:MergedFreeBusyIntervalInMinutes>60</t:MergedFreeBusyIntervalInMinutes>' : options.interval;
  const xml =
    `<s:Envelope xmlns:s="${ewsNs.soap}" xmlns:t="${ewsNs.types}" xmlns:m="${ewsNs.messages}"><s:Body><m:GetUserAvailabilityRequest>` +
    `<t:TimeZone><t:Bias>0</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>` +
    `<t:DaylightTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>` +
    `<m:MailboxDataArray>${data}</m:MailboxDataArray>${options.extra ?? ''}<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${options.start ?? `${day}T08:00:00`}</t:StartTime>` +
    `<t:EndTime>${options.end ?? `${day}T14:00:00`}</t:EndTime></t:TimeWindow>${interval}<t:RequestedView>${options.view ?? 'DetailedMerged'}</t:RequestedView></t:FreeBusyViewOptions>` +
    '</m:GetUserAvailabilityRequest></s:Body></s:Envelope>';
  return readEwsRequest(xml).operation;
}

function answer(operation: Element, requester = 'mary@contoso.test'): Document {
  const xml = getUserAvailability(operation, { store, access: folderPermissionAccess(store, requester), organization: 'the test Exchange' });
  return parseXml(xml);
}

const all = (doc: Document, name: string, ns: string = ewsNs.types): string[] => Array.from(doc.getElementsByTagNameNS(ns, name)).map((element) => element.textContent ?? '');

function faultOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof LabError) return error.wireCode;
    throw error;
  }
  return undefined;
}

describe('GetUserAvailability (shared/ews/availability)', () => {
  it('answers DetailedMerged for a Reviewer with merged digits, both events and their full details', () => {
    const doc = answer(request());
    assert.deepEqual(all(doc, 'ResponseCode', ewsNs.messages), ['NoError']);
    assert.deepEqual(all(doc, 'FreeBusyViewType'), ['DetailedMerged']);
    assert.deepEqual(all(doc, 'MergedFreeBusy'), ['020020']);
    assert.deepEqual(all(doc, 'StartTime'), [`${day}T09:00:00`, `${day}T12:00:00`]);
    assert.deepEqual(all(doc, 'BusyType'), ['Busy', 'Busy']);
    assert.deepEqual(all(doc, 'Subject'), ['Budget review', 'Lunch with Sam']);
    assert.deepEqual(all(doc, 'Location'), ['Room 4.1', '']);
    assert.deepEqual(all(doc, 'IsRecurring'), ['true', 'true']);
    assert.equal(all(doc, 'ID').length, 2);
    assert.equal(all(doc, 'WorkingHours').length, 1);
  });

  it('lowers Detailed views to FreeBusy for AvailabilityOnly (the Default): times and busy types, no details', () => {
    const doc = answer(request({ view: 'Detailed' }), 'alex@contoso.test');
    assert.deepEqual(all(doc, 'FreeBusyViewType'), ['FreeBusy']);
    assert.deepEqual(all(doc, 'EndTime'), [`${day}T10:00:00`, `${day}T13:00:00`]);
    assert.equal(all(doc, 'CalendarEventDetails').length, 0);
    assert.equal(all(doc, 'MergedFreeBusy').length, 0);
    assert.deepEqual(all(answer(request({ view: 'DetailedMerged' }), 'alex@contoso.test'), 'FreeBusyViewType'), ['FreeBusyMerged']);
  });

  it('gives LimitedDetails subject and location but no item id', () => {
    const doc = answer(request(), 'pat@contoso.test');
    assert.deepEqual(all(doc, 'FreeBusyViewType'), ['DetailedMerged']);
    assert.deepEqual(all(doc, 'Subject'), ['Budget review', 'Lunch with Sam']);
    assert.equal(all(doc, 'ID').length, 0);
  });

  it('answers each requested view with exactly its parts', () => {
    const parts = (view: string): [number, number, number] => {
      const doc = answer(request({ view }));
      return [all(doc, 'MergedFreeBusy').length, all(doc, 'CalendarEvent').length, all(doc, 'CalendarEventDetails').length];
    };
    assert.deepEqual(parts('None'), [0, 0, 0]);
    assert.deepEqual(parts('MergedOnly'), [1, 0, 0]);
    assert.deepEqual(parts('FreeBusy'), [0, 2, 0]);
    assert.deepEqual(parts('FreeBusyMerged'), [1, 2, 0]);
    assert.deepEqual(parts('Detailed'), [0, 2, 2]);
    assert.deepEqual(parts('DetailedMerged'), [1, 2, 2]);
  });

  it('answers per-mailbox errors inside a NoError response: unknown recipient, and no free/busy access', () => {
    const doc = answer(request({ addresses: ['nobody@contoso.test', 'alex@contoso.test', 'joe@contoso.test'] }));
    assert.deepEqual(all(doc, 'ResponseCode', ewsNs.messages), ['ErrorMailRecipientNotFound', 'ErrorNoFreeBusyAccess', 'NoError']);
    assert.deepEqual(all(doc, 'FreeBusyViewType'), ['None', 'None', 'DetailedMerged']);
    assert.match(all(doc, 'MessageText', ewsNs.messages)[1] ?? '', /no free\/busy access to alex@contoso\.test/);
  });

  it('spans days: a two-day window has both days’ occurrences, with distinct ids', () => {
    const doc = answer(request({ view: 'Detailed', start: `${day}T00:00:00`, end: '2026-03-04T00:00:00' }));
    assert.equal(all(doc, 'CalendarEvent').length, 4);
    assert.equal(new Set(all(doc, 'ID')).size, 4);
  });

  it('reads the window in the request time zone and writes times in it (Bias -60 is UTC+1)', () => {
    const operation = readEwsRequest(
      `<s:Envelope xmlns:s="${ewsNs.soap}" xmlns:t="${ewsNs.types}" xmlns:m="${ewsNs.messages}"><s:Body><m:GetUserAvailabilityRequest><t:TimeZone><t:Bias>-60</t:Bias></t:TimeZone>` +
        `<m:MailboxDataArray><t:MailboxData><t:Email><t:Address>joe@contoso.test</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData></m:MailboxDataArray>` +
        `<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${day}T09:00:00</t:StartTime><t:EndTime>${day}T12:00:00</t:EndTime></t:TimeWindow><t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest></s:Body></s:Envelope>`,
    ).operation;
    assert.deepEqual(all(answer(operation), 'StartTime'), [`${day}T10:00:00`]);
  });

  /** A request with no t:TimeZone in the body, its zone in the header's TimeZoneContext, as Exchange2010+ clients write it. */
  const withContext = (definition: string, from = '09:00', to = '12:00'): Element =>
    readEwsRequest(
      `<s:Envelope xmlns:s="${ewsNs.soap}" xmlns:t="${ewsNs.types}" xmlns:m="${ewsNs.messages}"><s:Header><t:RequestServerVersion Version="Exchange2013"/><t:TimeZoneContext>${definition}</t:TimeZoneContext></s:Header>` +
        `<s:Body><m:GetUserAvailabilityRequest><m:MailboxDataArray><t:MailboxData><t:Email><t:Address>joe@contoso.test</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData></m:MailboxDataArray>` +
        `<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${day}T${from}:00</t:StartTime><t:EndTime>${day}T${to}:00</t:EndTime></t:TimeWindow><t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest></s:Body></s:Envelope>`,
    ).operation;
  const periods = (...biases: string[]): string => `<t:Periods>${biases.map((bias, index) => `<t:Period Bias="${bias}" Name="p${index}" Id="p${index}"/>`).join('')}</t:Periods>`;

  it('reads the zone from the TimeZoneContext header when the body has no t:TimeZone: the UTC and UTC±HH Ids, or Periods sharing one bias', () => {
    // Each window is local time around Joe's 09:00Z item, which comes back in the same local time.
    assert.deepEqual(all(answer(withContext('<t:TimeZoneDefinition Name="UTC" Id="UTC"/>')), 'StartTime'), [`${day}T09:00:00`]);
    assert.deepEqual(all(answer(withContext('<t:TimeZoneDefinition Id="UTC+12"/>', '20:00', '22:00')), 'StartTime'), [`${day}T21:00:00`]);
    assert.deepEqual(all(answer(withContext('<t:TimeZoneDefinition Id="UTC-08"/>', '00:00', '02:00')), 'StartTime'), [`${day}T01:00:00`]);
    assert.deepEqual(all(answer(withContext(`<t:TimeZoneDefinition Id="India Standard Time">${periods('-PT5H30M')}</t:TimeZoneDefinition>`, '14:00', '15:00')), 'StartTime'), [`${day}T14:30:00`]);
    assert.deepEqual(all(answer(withContext(`<t:TimeZoneDefinition Id="Fixed">${periods('PT1H', 'PT1H')}</t:TimeZoneDefinition>`, '07:00', '09:00')), 'StartTime'), [`${day}T08:00:00`]);
  });

  it('refuses with ErrorTimeZone a TimeZoneContext it cannot compute instead of answering in UTC: a Windows Id alone, or Periods with daylight time', () => {
    assert.equal(faultOf(() => answer(withContext('<t:TimeZoneDefinition Name="(UTC+01:00) Amsterdam" Id="W. Europe Standard Time"/>'))), 'ErrorTimeZone');
    assert.equal(faultOf(() => answer(withContext(`<t:TimeZoneDefinition Id="Pacific Standard Time">${periods('PT8H', 'PT7H')}</t:TimeZoneDefinition>`))), 'ErrorTimeZone');
    assert.equal(faultOf(() => answer(withContext(`<t:TimeZoneDefinition Id="Far">${periods('-PT15H')}</t:TimeZoneDefinition>`))), 'ErrorTimeZone');
    assert.equal(faultOf(() => answer(withContext(`<t:TimeZoneDefinition Id="Odd">${periods('8 hours')}</t:TimeZoneDefinition>`))), 'ErrorSchemaValidation');
    assert.equal(faultOf(() => answer(withContext(''))), 'ErrorSchemaValidation');
  });

  it('faults a request that is wrong as a whole, with the EWS ResponseCode', () => {
    assert.equal(faultOf(() => answer(request({ addresses: [] }))), 'ErrorMailboxDataArrayEmpty');
    assert.equal(faultOf(() => answer(request({ start: `${day}T14:00:00`, end: `${day}T08:00:00` }))), 'ErrorInvalidTimeInterval');
    assert.equal(faultOf(() => answer(request({ end: '2026-06-01T00:00:00' }))), 'ErrorTimeIntervalTooBig');
    assert.equal(faultOf(() => answer(request({ interval: '<t:MergedFreeBusyIntervalInMinutes>2</t:MergedFreeBusyIntervalInMinutes>' }))), 'ErrorInvalidMergedFreeBusyInterval');
    assert.equal(faultOf(() => answer(request({ view: 'Everything' }))), 'ErrorSchemaValidation');
    assert.equal(faultOf(() => answer(request({ start: 'tomorrow' }))), 'ErrorSchemaValidation');
    assert.equal(faultOf(() => answer(request({ extra: '<t:SuggestionsViewOptions/>' }))), 'ErrorInvalidRequest');
  });
});

describe('free/busy access decisions', () => {
  it("evaluate the requesting user's own entry, else Default; the owner is Owner", () => {
    const access = folderPermissionAccess(store, 'mary@contoso.test');
    assert.equal(access(mailboxes['joe@contoso.test']!).level, 'Reviewer');
    assert.equal(access(mailboxes['alex@contoso.test']!).level, 'None');
    assert.equal(folderPermissionAccess(store, 'sam@litware.test')(mailboxes['joe@contoso.test']!).level, 'AvailabilityOnly');
  });

  it("cap an organization relationship's level by the calendar's Default permission (DAuth)", () => {
    assert.equal(organizationRelationshipAccess(store, 'LimitedDetails')(mailboxes['joe@contoso.test']!).level, 'AvailabilityOnly');
    assert.equal(organizationRelationshipAccess(store, 'LimitedDetails')(mailboxes['alex@contoso.test']!).level, 'None');
    assert.equal(organizationRelationshipAccess(store, 'None')(mailboxes['joe@contoso.test']!).level, 'None');
  });
});

describe('MergedFreeBusy', () => {
  it('gives each interval the strongest overlapping status, a partial overlap counting, and a short last interval its digit', () => {
    const spans = [
      { start: at('09:10'), end: at('09:20'), busyType: 'Tentative' as const },
      { start: at('09:15'), end: at('09:45'), busyType: 'Busy' as const },
      { start: at('10:00'), end: at('10:30'), busyType: 'OOF' as const },
    ];
    assert.equal(mergedFreeBusy(spans, at('09:00'), at('10:40'), 30), '2230');
    assert.equal(mergedFreeBusy(spans.slice(0, 1), at('09:00'), at('09:30'), 5), '001100');
  });
});
