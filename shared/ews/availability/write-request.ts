import { escapeXml } from '../../xml/escape.ts';
import { ewsNs } from '../namespaces.ts';
import type { AvailabilityRequest } from './read-request.ts';

/**
 * The GetUserAvailability request one Exchange sends another for its user (server-flows
 * §3.3, as the EWS Managed API writes it): SOAP 1.1, `t:RequestServerVersion`
 * Exchange2013, a UTC `t:TimeZone`, the mailboxes, and the caller's own TimeWindow,
 * interval and RequestedView, with the window written in UTC so both sides read the same
 * instants. `header` adds SOAP header children (DAuth's WS-Security, with prefix `soap`).
 */
const utcTimeZone = '<t:TimeZone><t:Bias>0</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime><t:DaylightTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>';

const utcText = (instant: Date): string => instant.toISOString().slice(0, 19);

export function renderAvailabilityRequest(addresses: readonly string[], request: Pick<AvailabilityRequest, 'start' | 'end' | 'intervalMinutes' | 'requestedView'>, header = ''): string {
  const mailboxes = addresses.map((address) => `<t:MailboxData><t:Email><t:Address>${escapeXml(address)}</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>`).join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ewsNs.soap}" xmlns:t="${ewsNs.types}" xmlns:m="${ewsNs.messages}">` +
    `<soap:Header><t:RequestServerVersion Version="Exchange2013"/>${header}</soap:Header>` +
    `<soap:Body><m:GetUserAvailabilityRequest>${utcTimeZone}<m:MailboxDataArray>${mailboxes}</m:MailboxDataArray>` +
    `<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${utcText(request.start)}</t:StartTime><t:EndTime>${utcText(request.end)}</t:EndTime></t:TimeWindow>` +
    `<t:MergedFreeBusyIntervalInMinutes>${request.intervalMinutes}</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>${request.requestedView}</t:RequestedView></t:FreeBusyViewOptions>` +
    '</m:GetUserAvailabilityRequest></soap:Body></soap:Envelope>'
  );
}
