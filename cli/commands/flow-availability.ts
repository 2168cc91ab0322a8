import type { Document, Element } from '@xmldom/xmldom';
import type { RequestedView } from '../../shared/ews/availability/read-request.ts';
import { renderAvailabilityRequest } from '../../shared/ews/availability/write-request.ts';
import { ewsNs } from '../../shared/ews/namespaces.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { childElements, elementsNamed } from '../../shared/xml/dom.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';

/**
 * The GetUserAvailability request `lab flow` sends as a client would (server-flows §3.3;
 * DEV getuseravailability-operation.md), and its answer read back: one entry per mailbox,
 * in request order, either the mailbox's FreeBusyView or its per-mailbox error; a SOAP
 * fault or any other HTTP answer is the request's failure as a whole.
 */
export const getUserAvailabilityAction = `${ewsNs.messages}/GetUserAvailability`;

export interface AvailabilityQuery {
  readonly mailboxes: readonly string[];
  /** The UTC day, YYYY-MM-DD: the TimeWindow is that whole day. */
  readonly day: string;
  readonly view: string;
  readonly intervalMinutes?: number;
}

/** The next UTC day of `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** SOAP 1.1, RequestServerVersion Exchange2013, UTC, one MailboxData per address (Required attendee), the whole day: the request an Exchange sends its partner (shared/ews/availability/write-request.ts). */
export function buildAvailabilityRequest(query: AvailabilityQuery): string {
  const start = new Date(`${query.day}T00:00:00Z`);
  const end = new Date(`${nextDay(query.day)}T00:00:00Z`);
  return renderAvailabilityRequest(query.mailboxes, { start, end, intervalMinutes: query.intervalMinutes ?? 30, requestedView: query.view as RequestedView });
}

export interface BusyTime {
  /** ISO instants (the request was in UTC). */
  readonly start: string;
  readonly end: string;
  readonly busyType: string;
  readonly subject?: string;
  readonly location?: string;
}

export type MailboxAnswer =
  | { readonly mailbox: string; readonly kind: 'view'; readonly viewType: string; readonly merged?: string; readonly busy: readonly BusyTime[] }
  | { readonly mailbox: string; readonly kind: 'error'; readonly responseCode: string; readonly messageText: string };

/** What the Exchange answered: the mailboxes' answers, or why the request failed as a whole. */
export type AvailabilityAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly mailboxes: readonly MailboxAnswer[] }
  | { readonly kind: 'failed'; readonly status: number; readonly responseCode?: string; readonly message: string };

const typesText = (parent: Element, name: string): string | undefined => childElements(parent, ewsNs.types, name)[0]?.textContent?.trim();
const messagesText = (parent: Element, name: string): string | undefined => childElements(parent, ewsNs.messages, name)[0]?.textContent?.trim();

/** An answer time, `YYYY-MM-DDTHH:MM:SS` in the request's zone (UTC here) or with an offset, as an ISO instant. */
function instant(text: string | undefined): string {
  if (!text) return '';
  const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text);
  const parsed = Date.parse(local ? `${text}Z` : text);
  return Number.isNaN(parsed) ? text : new Date(parsed).toISOString();
}

function busyTime(event: Element): BusyTime {
  const details = childElements(event, ewsNs.types, 'CalendarEventDetails')[0];
  const subject = details && typesText(details, 'Subject');
  const location = details && typesText(details, 'Location');
  return {
    start: instant(typesText(event, 'StartTime')),
    end: instant(typesText(event, 'EndTime')),
    busyType: typesText(event, 'BusyType') ?? 'Busy',
    ...(subject ? { subject } : {}),
    ...(location ? { location } : {}),
  };
}

function mailboxAnswer(mailbox: string, response: Element): MailboxAnswer {
  const message = childElements(response, ewsNs.messages, 'ResponseMessage')[0];
  const responseCode = (message && messagesText(message, 'ResponseCode')) ?? 'NoError';
  if (message?.getAttribute('ResponseClass') === 'Error' || responseCode !== 'NoError') {
    return { mailbox, kind: 'error', responseCode, messageText: (message && messagesText(message, 'MessageText')) ?? '' };
  }
  const view = childElements(response, ewsNs.messages, 'FreeBusyView')[0];
  const events = view ? childElements(view, ewsNs.types, 'CalendarEventArray').flatMap((array) => childElements(array, ewsNs.types, 'CalendarEvent')) : [];
  const merged = view && typesText(view, 'MergedFreeBusy');
  return { mailbox, kind: 'view', viewType: (view && typesText(view, 'FreeBusyViewType')) ?? 'None', ...(merged !== undefined ? { merged } : {}), busy: events.map(busyTime) };
}

/** SOAP 1.1 §4.4: faultcode and faultstring are unqualified. */
const unqualifiedText = (parent: Element, name: string): string | undefined => childElements(parent).find((child) => !child.namespaceURI && child.localName === name)?.textContent?.trim();

function fault(status: number, document: Document): AvailabilityAnswer | undefined {
  const found = elementsNamed(document, ewsNs.soap, 'Fault')[0];
  if (!found) return undefined;
  const responseCode = elementsNamed(document, ewsNs.errors, 'ResponseCode')[0]?.textContent?.trim() ?? unqualifiedText(found, 'faultcode');
  return { kind: 'failed', status, ...(responseCode ? { responseCode } : {}), message: unqualifiedText(found, 'faultstring') || 'a SOAP fault without a faultstring' };
}

/** Reads the Exchange's HTTP answer; `mailboxes` are the addresses asked for, in order. */
export function readAvailabilityAnswer(status: number, body: string, mailboxes: readonly string[], challenges: readonly string[] = []): AvailabilityAnswer {
  const text = body.replace(/\s+/g, ' ').trim().slice(0, 400);
  if (status === 401) return { kind: 'failed', status, message: `the Exchange refused the credentials (401${challenges.length ? `; WWW-Authenticate: ${challenges.join(', ')}` : ''})${text ? `: ${text}` : ''}` };
  if (!text.startsWith('<')) return { kind: 'failed', status, message: `HTTP ${status}, not an EWS answer: ${text || '(empty body)'}` };
  let document: Document;
  try {
    document = parseXml(body);
  } catch (error) {
    return { kind: 'failed', status, message: `HTTP ${status}, an answer the lab's XML parser refuses: ${error instanceof LabError ? error.message : String(error)}` };
  }
  const failed = fault(status, document);
  if (failed) return failed;
  const response = elementsNamed(document, ewsNs.messages, 'GetUserAvailabilityResponse')[0];
  const array = response && childElements(response, ewsNs.messages, 'FreeBusyResponseArray')[0];
  if (status !== 200 || !array) return { kind: 'failed', status, message: `HTTP ${status} without a GetUserAvailabilityResponse/FreeBusyResponseArray` };
  const responses = childElements(array, ewsNs.messages, 'FreeBusyResponse');
  if (responses.length !== mailboxes.length) return { kind: 'failed', status, message: `the answer has ${responses.length} FreeBusyResponse elements for ${mailboxes.length} mailboxes asked for` };
  return { kind: 'answered', status, mailboxes: responses.map((entry, index) => mailboxAnswer(mailboxes[index]!, entry)) };
}
