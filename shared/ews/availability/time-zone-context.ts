import type { Element } from '@xmldom/xmldom';
import { childElements, isNamed } from '../../xml/dom.ts';
import { ewsFault } from '../ews-fault.ts';
import { ewsNs } from '../namespaces.ts';
import type { RequestTimeZone } from './time-zone.ts';

/**
 * The time zone an Exchange2010-or-later client states in the SOAP header,
 * `t:TimeZoneContext/t:TimeZoneDefinition` (server-flows §3.3). The EWS Managed API and
 * its ports write no `t:TimeZone` in the body for those versions ("Against Exchange 2010,
 * the time zone is emitted in the request's SOAP header", GetUserAvailabilityRequest),
 * often only the Windows zone `Id`, sometimes its `Periods` too.
 *
 * The lab computes fixed offsets only, and has no Windows time zone database. It takes
 * `Periods` that all have one `Bias` (xs:duration, minutes *west* of UTC, like the legacy
 * zone's), and the fixed-offset Ids `UTC` and `UTC±HH`. Any other zone is ErrorTimeZone,
 * never a silent answer in UTC that the client would read an hour or more off.
 */
const fixedId = /^UTC(?:([+-])(\d{2}))?$/;
const duration = /^(-)?PT(?!$)(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:0S)?$/;

function headerOf(operation: Element): Element | undefined {
  const envelope = operation.parentNode?.parentNode;
  return isNamed(envelope, ewsNs.soap, 'Envelope') ? childElements(envelope, ewsNs.soap, 'Header')[0] : undefined;
}

function minutesWest(bias: string, id: string): number {
  const match = duration.exec(bias.trim());
  if (!match) {
    throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: a Period Bias of time zone '${id}' is "${bias.slice(0, 40)}", not an xs:duration in hours and minutes.`);
  }
  const minutes = Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return match[1] ? -minutes : minutes;
}

function fromPeriods(periods: readonly Element[], id: string): RequestTimeZone {
  const biases = new Set(periods.map((period) => minutesWest(period.getAttribute('Bias') ?? '', id)));
  if (biases.size !== 1) {
    throw ewsFault('ErrorTimeZone', `The lab's availability service computes in fixed-offset time zones only; the time zone '${id}' in TimeZoneContext has ${biases.size} different biases. Send UTC.`);
  }
  return { biasMinutes: [...biases][0]! };
}

function fromId(id: string): RequestTimeZone {
  const match = fixedId.exec(id);
  if (!match) {
    throw ewsFault('ErrorTimeZone', `The lab's availability service computes in fixed-offset time zones only and cannot resolve the time zone Id '${id.slice(0, 80)}' of TimeZoneContext without its Periods. Send UTC.`);
  }
  const hours = Number(match[2] ?? 0);
  return { biasMinutes: match[1] === '+' ? -hours * 60 : hours * 60 };
}

/** The zone of the header's TimeZoneContext, or undefined when the request has none. */
export function readTimeZoneContext(operation: Element): RequestTimeZone | undefined {
  const header = headerOf(operation);
  const context = header && childElements(header, ewsNs.types, 'TimeZoneContext')[0];
  if (!context) return undefined;
  const definition = childElements(context, ewsNs.types, 'TimeZoneDefinition')[0];
  if (!definition) throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: TimeZoneContext needs a TimeZoneDefinition.');
  const id = definition.getAttribute('Id') ?? '';
  const periodList = childElements(definition, ewsNs.types, 'Periods')[0];
  const periods = periodList ? childElements(periodList, ewsNs.types, 'Period') : [];
  return periods.length > 0 ? fromPeriods(periods, id || '(no Id)') : fromId(id);
}
