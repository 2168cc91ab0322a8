import type { Element } from '@xmldom/xmldom';
import { childElements } from '../../xml/dom.ts';
import { ewsFault } from '../ews-fault.ts';
import { ewsNs } from '../namespaces.ts';
import { readTimeZoneContext } from './time-zone-context.ts';

/**
 * The time zone of a GetUserAvailability request: `t:TimeZone`, the legacy
 * SerializableTimeZone (DEV timezone-availability.md) that Exchange 2007 SP1 clients write
 * first in the request. Its `Bias` plus `StandardTime/Bias` is minutes *west* of UTC (UTC = local
 * + bias). The request's TimeWindow is read in that zone when it carries no offset, and
 * the answer's StartTime/EndTime are written in it without an offset, as Exchange does.
 * The lab computes fixed offsets only: a zone whose daylight bias differs from its
 * standard bias is refused (ErrorTimeZone) rather than answered an hour off.
 * Without `t:TimeZone`, the zone is the SOAP header's `t:TimeZoneContext`, where
 * Exchange2010-and-later clients state it (time-zone-context.ts); with neither, UTC.
 */
export interface RequestTimeZone {
  /** Minutes west of UTC. */
  readonly biasMinutes: number;
}

export const utc: RequestTimeZone = { biasMinutes: 0 };

function integer(parent: Element | undefined, name: string): number {
  const text = parent ? childElements(parent, ewsNs.types, name)[0]?.textContent?.trim() : undefined;
  if (text === undefined || text === '') return 0;
  if (!/^-?\d{1,4}$/.test(text)) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: TimeZone/${name} is "${text.slice(0, 40)}", not a whole number of minutes.`);
  return Number(text);
}

function readLegacyTimeZone(zone: Element): RequestTimeZone {
  const standard = childElements(zone, ewsNs.types, 'StandardTime')[0];
  const daylight = childElements(zone, ewsNs.types, 'DaylightTime')[0];
  const standardBias = integer(standard, 'Bias');
  if (daylight && integer(daylight, 'Bias') !== standardBias && integer(daylight, 'Month') !== 0) {
    throw ewsFault('ErrorTimeZone', "The lab's availability service computes in fixed-offset time zones only; send a TimeZone whose DaylightTime bias equals its StandardTime bias (UTC, for example).");
  }
  return { biasMinutes: integer(zone, 'Bias') + standardBias };
}

export function readTimeZone(request: Element): RequestTimeZone {
  const legacy = childElements(request, ewsNs.types, 'TimeZone')[0];
  const zone = legacy ? readLegacyTimeZone(legacy) : (readTimeZoneContext(request) ?? utc);
  if (Math.abs(zone.biasMinutes) > 14 * 60) throw ewsFault('ErrorTimeZone', `The time zone bias ${zone.biasMinutes} minutes is outside ±14 hours.`);
  return zone;
}

const dateTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

/** An xs:dateTime of the request: absolute when it has an offset, else local time in `zone`. */
export function readDateTime(text: string, zone: RequestTimeZone, name: string): Date {
  const match = dateTime.exec(text.trim());
  const parsed = match ? Date.parse(`${match[1]}${match[2] ? match[2].slice(0, 4) : ''}${match[3] ?? 'Z'}`) : Number.NaN;
  if (!match || Number.isNaN(parsed)) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: ${name} "${text.slice(0, 40)}" is not an xs:dateTime.`);
  return new Date(match[3] ? parsed : parsed + zone.biasMinutes * 60_000);
}

/** `instant` as the request's local time, `YYYY-MM-DDTHH:MM:SS` without an offset. */
export function writeDateTime(instant: Date, zone: RequestTimeZone): string {
  return new Date(instant.getTime() - zone.biasMinutes * 60_000).toISOString().slice(0, 19);
}
