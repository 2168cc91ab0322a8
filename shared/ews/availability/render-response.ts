import { escapeXml } from '../../xml/escape.ts';
import { ewsNs } from '../namespaces.ts';
import type { CalendarEvent, FreeBusyView } from './free-busy-view.ts';
import { writeDateTime, type RequestTimeZone } from './time-zone.ts';

/**
 * `m:GetUserAvailabilityResponse` (DEV getuseravailabilityresponse.md): one
 * `m:FreeBusyResponse` per requested mailbox, in request order, each with its own
 * `m:ResponseMessage` — Success, or Error with the ResponseCode and a FreeBusyView of
 * type None — so one unknown or refused mailbox does not fail the others.
 * WorkingHours are the lab's: Monday to Friday 08:00–17:00 in the request's time zone.
 */
export type MailboxAvailability =
  | { readonly kind: 'view'; readonly view: FreeBusyView }
  | { readonly kind: 'error'; readonly responseCode: string; readonly messageText: string };

const t = (name: string, value: string | boolean): string => `<t:${name}>${escapeXml(String(value))}</t:${name}>`;

function eventXml(event: CalendarEvent, zone: RequestTimeZone): string {
  const d = event.details;
  const details = d
    ? `<t:CalendarEventDetails>${d.id ? t('ID', d.id) : ''}${t('Subject', d.subject)}${t('Location', d.location)}${t('IsMeeting', d.isMeeting)}${t('IsRecurring', d.isRecurring)}` +
      `${t('IsException', d.isException)}${t('IsReminderSet', d.isReminderSet)}${t('IsPrivate', d.isPrivate)}</t:CalendarEventDetails>`
    : '';
  return `<t:CalendarEvent>${t('StartTime', writeDateTime(event.start, zone))}${t('EndTime', writeDateTime(event.end, zone))}${t('BusyType', event.busyType)}${details}</t:CalendarEvent>`;
}

function workingHours(zone: RequestTimeZone): string {
  const change = (name: string): string => `<t:${name}>${t('Bias', '0')}${t('Time', '00:00:00')}${t('DayOrder', '0')}${t('Month', '0')}${t('DayOfWeek', 'Sunday')}</t:${name}>`;
  return (
    `<t:WorkingHours><t:TimeZone>${t('Bias', String(zone.biasMinutes))}${change('StandardTime')}${change('DaylightTime')}</t:TimeZone>` +
    `<t:WorkingPeriodArray><t:WorkingPeriod>${t('DayOfWeek', 'Monday Tuesday Wednesday Thursday Friday')}${t('StartTimeInMinutes', '480')}${t('EndTimeInMinutes', '1020')}</t:WorkingPeriod></t:WorkingPeriodArray></t:WorkingHours>`
  );
}

function viewXml(view: FreeBusyView, zone: RequestTimeZone): string {
  const merged = view.merged === undefined ? '' : t('MergedFreeBusy', view.merged);
  const events = view.events === undefined ? '' : `<t:CalendarEventArray>${view.events.map((event) => eventXml(event, zone)).join('')}</t:CalendarEventArray>${workingHours(zone)}`;
  return `<m:FreeBusyView>${t('FreeBusyViewType', view.viewType)}${merged}${events}</m:FreeBusyView>`;
}

function responseXml(answer: MailboxAvailability, zone: RequestTimeZone): string {
  if (answer.kind === 'view') return `<m:FreeBusyResponse><m:ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:ResponseMessage>${viewXml(answer.view, zone)}</m:FreeBusyResponse>`;
  return (
    `<m:FreeBusyResponse><m:ResponseMessage ResponseClass="Error"><m:MessageText>${escapeXml(answer.messageText)}</m:MessageText>` +
    `<m:ResponseCode>${escapeXml(answer.responseCode)}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:ResponseMessage>` +
    `<m:FreeBusyView>${t('FreeBusyViewType', 'None')}</m:FreeBusyView></m:FreeBusyResponse>`
  );
}

export function renderAvailabilityResponse(answers: readonly MailboxAvailability[], zone: RequestTimeZone): string {
  return `<m:GetUserAvailabilityResponse xmlns:m="${ewsNs.messages}" xmlns:t="${ewsNs.types}"><m:FreeBusyResponseArray>${answers.map((answer) => responseXml(answer, zone)).join('')}</m:FreeBusyResponseArray></m:GetUserAvailabilityResponse>`;
}
