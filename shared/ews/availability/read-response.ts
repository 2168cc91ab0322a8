import type { Element } from '@xmldom/xmldom';
import { LabError } from '../../errors/lab-error.ts';
import { childElements, elementsNamed } from '../../xml/dom.ts';
import { parseXml } from '../../xml/safe-parse.ts';
import { ewsNs } from '../namespaces.ts';
import type { CalendarEvent, CalendarEventDetails, FreeBusyView } from './free-busy-view.ts';
import type { BusyType } from './merged-free-busy.ts';
import { requestedViews, type RequestedView } from './read-request.ts';
import type { MailboxAvailability } from './render-response.ts';
import { readDateTime, utc } from './time-zone.ts';

/**
 * Reads another Exchange's GetUserAvailability answer (server-flows §3.3) back into the
 * values the lab renders, so a cross-premises answer reaches the user in their own
 * request's time zone: one MailboxAvailability per FreeBusyResponse, in order. The
 * request the lab forwards is in UTC, so times without an offset are read as UTC. A SOAP
 * fault, or an answer that is not this shape, throws a LabError naming the hop.
 */
const busyTypes: readonly BusyType[] = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData'];
const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap12 = 'http://www.w3.org/2003/05/soap-envelope';

function malformed(hop: string, what: string): LabError {
  return new LabError({ code: 'AVAILABILITY_RESPONSE_INVALID', statusCode: 502, expose: true, hop, message: `the availability answer is not what EWS sends: ${what}` });
}

const typesText = (parent: Element, name: string): string | undefined => childElements(parent, ewsNs.types, name)[0]?.textContent?.trim();
const flag = (parent: Element, name: string): boolean => typesText(parent, name) === 'true';

function readDetails(element: Element | undefined): CalendarEventDetails | undefined {
  if (!element) return undefined;
  return {
    id: typesText(element, 'ID'),
    subject: typesText(element, 'Subject') ?? '',
    location: typesText(element, 'Location') ?? '',
    isMeeting: flag(element, 'IsMeeting'),
    isRecurring: flag(element, 'IsRecurring'),
    isException: flag(element, 'IsException'),
    isReminderSet: flag(element, 'IsReminderSet'),
    isPrivate: flag(element, 'IsPrivate'),
  };
}

function readEvent(element: Element, hop: string): CalendarEvent {
  const busyType = busyTypes.find((type) => type === typesText(element, 'BusyType'));
  const start = typesText(element, 'StartTime');
  const end = typesText(element, 'EndTime');
  if (!busyType || !start || !end) throw malformed(hop, 'a CalendarEvent lacks StartTime, EndTime or a known BusyType');
  try {
    return { start: readDateTime(start, utc, 'StartTime'), end: readDateTime(end, utc, 'EndTime'), busyType, details: readDetails(childElements(element, ewsNs.types, 'CalendarEventDetails')[0]) };
  } catch {
    throw malformed(hop, `a CalendarEvent time is not an xs:dateTime (${start.slice(0, 40)} – ${end.slice(0, 40)})`);
  }
}

function readView(element: Element | undefined, hop: string): FreeBusyView {
  if (!element) throw malformed(hop, 'a successful FreeBusyResponse has no FreeBusyView');
  const viewType = requestedViews.find((view): view is RequestedView => view === typesText(element, 'FreeBusyViewType'));
  if (!viewType) throw malformed(hop, 'FreeBusyViewType is missing or unknown');
  const merged = typesText(element, 'MergedFreeBusy');
  if (merged !== undefined && !/^[0-5]*$/.test(merged)) throw malformed(hop, 'MergedFreeBusy holds characters other than 0–5');
  const array = childElements(element, ewsNs.types, 'CalendarEventArray')[0];
  return { viewType, merged, events: array ? childElements(array, ewsNs.types, 'CalendarEvent').map((event) => readEvent(event, hop)) : undefined };
}

function readResponse(element: Element, hop: string): MailboxAvailability {
  const message = childElements(element, ewsNs.messages, 'ResponseMessage')[0];
  if (!message) throw malformed(hop, 'a FreeBusyResponse has no ResponseMessage');
  const code = childElements(message, ewsNs.messages, 'ResponseCode')[0]?.textContent?.trim() ?? '';
  if (message.getAttribute('ResponseClass') === 'Success' && code === 'NoError') return { kind: 'view', view: readView(childElements(element, ewsNs.messages, 'FreeBusyView')[0], hop) };
  const text = childElements(message, ewsNs.messages, 'MessageText')[0]?.textContent?.trim() ?? '';
  return { kind: 'error', responseCode: code || 'ErrorInternalServerError', messageText: text };
}

/**
 * The SOAP fault's text, when the body is one: SOAP 1.1's `faultstring` (EWS, Autodiscover)
 * or SOAP 1.2's `Reason/Text` (the federation gateway), and, for EWS, the ResponseCode in
 * its detail.
 */
export function soapFaultOf(xml: string): { readonly code: string | undefined; readonly text: string } | undefined {
  let root: Element | null;
  try {
    root = parseXml(xml, { maxBytes: 1024 * 1024 }).documentElement;
  } catch {
    return undefined;
  }
  if (!root) return undefined;
  const fault11 = elementsNamed(root, soap11, 'Fault')[0];
  const fault12 = fault11 ? undefined : elementsNamed(root, soap12, 'Fault')[0];
  if (!fault11 && !fault12) return undefined;
  const text = fault11
    ? (childElements(fault11).find((child) => child.localName === 'faultstring')?.textContent?.trim() ?? '')
    : (elementsNamed(fault12!, soap12, 'Text')[0]?.textContent?.trim() ?? '');
  const code = root.getElementsByTagNameNS(ewsNs.errors, 'ResponseCode')[0]?.textContent?.trim();
  return { code, text };
}

/** The per-mailbox answers of `m:GetUserAvailabilityResponse`, in request order; exactly `expected` of them. */
export function readAvailabilityResponse(xml: string, expected: number, hop: string): MailboxAvailability[] {
  let root: Element | null;
  try {
    root = parseXml(xml, { maxBytes: 4 * 1024 * 1024 }).documentElement;
  } catch (error) {
    throw malformed(hop, error instanceof Error ? error.message : 'not XML');
  }
  const response = root ? elementsNamed(root, ewsNs.messages, 'GetUserAvailabilityResponse')[0] : undefined;
  if (!response) throw malformed(hop, 'no m:GetUserAvailabilityResponse in the body');
  const array = childElements(response, ewsNs.messages, 'FreeBusyResponseArray')[0];
  const answers = array ? childElements(array, ewsNs.messages, 'FreeBusyResponse').map((element) => readResponse(element, hop)) : [];
  if (answers.length !== expected) throw malformed(hop, `${answers.length} FreeBusyResponse elements for ${expected} mailboxes`);
  return answers;
}
