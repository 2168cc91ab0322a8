import type { CalendarItem } from '../../mailbox/index.ts';
import type { FreeBusyDetail } from './access.ts';
import { mergedFreeBusy, type BusyType } from './merged-free-busy.ts';
import type { AvailabilityRequest, RequestedView } from './read-request.ts';

/**
 * One mailbox's FreeBusyView (DEV freebusyview.md) from its calendar, the request and
 * the caller's detail level. The view type answered is the one asked for, lowered to
 * what the caller may see: a Detailed view for a caller with AvailabilityOnly comes back
 * FreeBusy (DetailedMerged → FreeBusyMerged), as Exchange answers it.
 */
export interface CalendarEventDetails {
  /** Only with full details (Reviewer and above). */
  readonly id: string | undefined;
  readonly subject: string;
  readonly location: string;
  readonly isMeeting: boolean;
  readonly isRecurring: boolean;
  readonly isException: boolean;
  readonly isReminderSet: boolean;
  readonly isPrivate: boolean;
}

export interface CalendarEvent {
  readonly start: Date;
  readonly end: Date;
  readonly busyType: BusyType;
  readonly details: CalendarEventDetails | undefined;
}

export interface FreeBusyView {
  readonly viewType: RequestedView;
  readonly merged: string | undefined;
  readonly events: readonly CalendarEvent[] | undefined;
}

const withDetails: ReadonlySet<RequestedView> = new Set(['Detailed', 'DetailedMerged']);
const withMerged: ReadonlySet<RequestedView> = new Set(['MergedOnly', 'FreeBusyMerged', 'DetailedMerged']);
const withEvents: ReadonlySet<RequestedView> = new Set(['FreeBusy', 'FreeBusyMerged', 'Detailed', 'DetailedMerged']);
const lowered: Readonly<Partial<Record<RequestedView, RequestedView>>> = { Detailed: 'FreeBusy', DetailedMerged: 'FreeBusyMerged' };

function answeredView(requested: RequestedView, detail: FreeBusyDetail): RequestedView {
  return detail === 'times' ? (lowered[requested] ?? requested) : requested;
}

/**
 * The item id Exchange would give the occurrence. The lab's is the hex of owner, item
 * and day: stable, unique per occurrence, and opaque like Exchange's entry ids.
 */
function occurrenceId(owner: string, item: CalendarItem): string {
  return Buffer.from(`${owner.toLowerCase()}/calendar/${item.id}/${item.start.toISOString().slice(0, 10)}`, 'utf8').toString('hex').toUpperCase();
}

function detailsOf(owner: string, item: CalendarItem, detail: FreeBusyDetail): CalendarEventDetails {
  // The store holds no attendees, reminders, exceptions or sensitivity: items are the owner's own appointments.
  return { id: detail === 'full' ? occurrenceId(owner, item) : undefined, subject: item.subject, location: item.location ?? '', isMeeting: false, isRecurring: item.recurring, isException: false, isReminderSet: false, isPrivate: false };
}

export function freeBusyView(owner: string, items: readonly CalendarItem[], request: AvailabilityRequest, detail: Exclude<FreeBusyDetail, 'none'>): FreeBusyView {
  const viewType = answeredView(request.requestedView, detail);
  const events = items
    .filter((item) => item.start.getTime() < request.end.getTime() && item.end.getTime() > request.start.getTime())
    .map((item): CalendarEvent => ({ start: item.start, end: item.end, busyType: 'Busy', details: withDetails.has(viewType) ? detailsOf(owner, item, detail) : undefined }));
  return {
    viewType,
    merged: withMerged.has(viewType) ? mergedFreeBusy(events, request.start, request.end, request.intervalMinutes) : undefined,
    events: withEvents.has(viewType) ? events : undefined,
  };
}
