import type { Element } from '@xmldom/xmldom';
import { childElements } from '../../xml/dom.ts';
import { ewsFault } from '../ews-fault.ts';
import { ewsNs } from '../namespaces.ts';
import { readDateTime, readTimeZone, type RequestTimeZone } from './time-zone.ts';

/**
 * A GetUserAvailabilityRequest (server-flows §3.3; DEV getuseravailability-operation.md):
 * the mailboxes asked for (`m:MailboxDataArray/t:MailboxData`), and the free/busy view
 * options (`t:FreeBusyViewOptions`: TimeWindow, MergedFreeBusyIntervalInMinutes,
 * RequestedView). What the request gets wrong as a whole is a SOAP fault carrying the
 * EWS ResponseCode; what is wrong with one mailbox is answered for that mailbox alone.
 */
export const requestedViews = ['None', 'MergedOnly', 'FreeBusy', 'FreeBusyMerged', 'Detailed', 'DetailedMerged'] as const;
export type RequestedView = (typeof requestedViews)[number];

export interface MailboxQuery {
  readonly address: string;
  readonly attendeeType: string;
}

export interface AvailabilityRequest {
  readonly mailboxes: readonly MailboxQuery[];
  readonly start: Date;
  readonly end: Date;
  readonly intervalMinutes: number;
  readonly requestedView: RequestedView;
  readonly timeZone: RequestTimeZone;
}

/** Limits Exchange documents: 100 mailboxes (ErrorMailboxDataArrayTooBig), a 62-day window (Exchange 2010 and later), a 5–1440 minute interval. */
export const availabilityLimits = { maxMailboxes: 100, maxWindowDays: 62, minIntervalMinutes: 5, maxIntervalMinutes: 1440, defaultIntervalMinutes: 30 } as const;

const text = (parent: Element, name: string): string | undefined => childElements(parent, ewsNs.types, name)[0]?.textContent?.trim();

function readMailboxes(request: Element): MailboxQuery[] {
  const array = childElements(request, ewsNs.messages, 'MailboxDataArray')[0];
  const data = array ? childElements(array, ewsNs.types, 'MailboxData') : [];
  if (data.length === 0) throw ewsFault('ErrorMailboxDataArrayEmpty', 'The MailboxData array is empty: name at least one mailbox in m:MailboxDataArray/t:MailboxData.');
  if (data.length > availabilityLimits.maxMailboxes) throw ewsFault('ErrorMailboxDataArrayTooBig', `The MailboxData array has ${data.length} entries; at most ${availabilityLimits.maxMailboxes} are allowed.`);
  return data.map((entry) => {
    const email = childElements(entry, ewsNs.types, 'Email')[0];
    return { address: (email && text(email, 'Address')) ?? '', attendeeType: text(entry, 'AttendeeType') || 'Required' };
  });
}

function readInterval(options: Element): number {
  const value = text(options, 'MergedFreeBusyIntervalInMinutes');
  if (value === undefined) return availabilityLimits.defaultIntervalMinutes;
  const minutes = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(minutes >= availabilityLimits.minIntervalMinutes && minutes <= availabilityLimits.maxIntervalMinutes)) {
    throw ewsFault('ErrorInvalidMergedFreeBusyInterval', `MergedFreeBusyIntervalInMinutes is "${value.slice(0, 20)}"; it must be ${availabilityLimits.minIntervalMinutes} to ${availabilityLimits.maxIntervalMinutes} minutes.`);
  }
  return minutes;
}

function readView(options: Element): RequestedView {
  const value = text(options, 'RequestedView') ?? 'DetailedMerged';
  const view = requestedViews.find((candidate) => candidate === value);
  if (!view) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: RequestedView "${value.slice(0, 40)}" is not one of ${requestedViews.join(', ')}.`);
  return view;
}

function readWindow(options: Element, timeZone: RequestTimeZone): { start: Date; end: Date } {
  const window = childElements(options, ewsNs.types, 'TimeWindow')[0];
  const startText = window && text(window, 'StartTime');
  const endText = window && text(window, 'EndTime');
  if (!startText || !endText) throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: FreeBusyViewOptions needs TimeWindow with StartTime and EndTime.');
  const start = readDateTime(startText, timeZone, 'StartTime');
  const end = readDateTime(endText, timeZone, 'EndTime');
  if (end.getTime() <= start.getTime()) throw ewsFault('ErrorInvalidTimeInterval', 'The TimeWindow is invalid: EndTime must be later than StartTime.');
  if (end.getTime() - start.getTime() > availabilityLimits.maxWindowDays * 86_400_000) {
    throw ewsFault('ErrorTimeIntervalTooBig', `The TimeWindow spans more than ${availabilityLimits.maxWindowDays} days, the most free/busy answers for.`);
  }
  return { start, end };
}

export function readAvailabilityRequest(request: Element): AvailabilityRequest {
  const timeZone = readTimeZone(request);
  const mailboxes = readMailboxes(request);
  const options = childElements(request, ewsNs.types, 'FreeBusyViewOptions')[0];
  if (childElements(request, ewsNs.types, 'SuggestionsViewOptions').length > 0) {
    throw ewsFault('ErrorInvalidRequest', "The lab's availability service answers free/busy only; remove SuggestionsViewOptions (meeting suggestions are not implemented).");
  }
  if (!options) throw ewsFault('ErrorInvalidRequest', 'The request has neither FreeBusyViewOptions nor SuggestionsViewOptions; free/busy needs FreeBusyViewOptions.');
  return { mailboxes, ...readWindow(options, timeZone), intervalMinutes: readInterval(options), requestedView: readView(options), timeZone };
}
