import type { Element } from '@xmldom/xmldom';
import { WSU_NS } from '../saml/namespaces.ts';
import { childElements } from '../xml/dom.ts';
import { dauthError } from './errors.ts';

/**
 * The `u:Timestamp` of a WS-Security header (WSS 1.1 §10): the delegation-token request
 * and the `…/WSSecurity` calls carry one that lives five minutes (server-flows §2.3, §2.4).
 * Times are whole-second UTC, as Exchange writes them.
 */
export const TIMESTAMP_LIFETIME_SECONDS = 300;
/** The Microsoft libraries' clock skew (security.md). */
export const CLOCK_SKEW_SECONDS = 300;

export interface Timestamp {
  readonly created: Date;
  readonly expires: Date;
}

const wholeSecond = (instant: Date): string => `${instant.toISOString().slice(0, 19)}Z`;
const utcDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;

/** `<u:Timestamp>` from `now` for five minutes; `id` becomes its u:Id when it is signed. */
export function renderTimestamp(now: Date, id?: string): string {
  const expires = new Date(now.getTime() + TIMESTAMP_LIFETIME_SECONDS * 1000);
  return `<u:Timestamp${id ? ` u:Id="${id}"` : ''}><u:Created>${wholeSecond(now)}</u:Created><u:Expires>${wholeSecond(expires)}</u:Expires></u:Timestamp>`;
}

function instantOf(timestamp: Element, localName: string): Date {
  const elements = childElements(timestamp, WSU_NS, localName);
  const value = elements.length === 1 ? (elements[0]!.textContent ?? '') : '';
  if (!utcDateTime.test(value)) throw dauthError('DAUTH_STALE_TIMESTAMP', `the u:Timestamp needs exactly one u:${localName} in UTC, found "${value}"`);
  return new Date(value);
}

export function readTimestamp(timestamp: Element): Timestamp {
  return { created: instantOf(timestamp, 'Created'), expires: instantOf(timestamp, 'Expires') };
}

/**
 * Fresh means: created no later than now + skew, not yet expired (with skew), and not
 * claiming a life longer than five minutes — a request cannot stretch its own window.
 */
export function checkTimestamp({ created, expires }: Timestamp, now: Date): void {
  const skew = CLOCK_SKEW_SECONDS * 1000;
  if (expires.getTime() <= created.getTime() || expires.getTime() - created.getTime() > TIMESTAMP_LIFETIME_SECONDS * 1000) {
    throw dauthError('DAUTH_STALE_TIMESTAMP', `the u:Timestamp runs from ${created.toISOString()} to ${expires.toISOString()}; at most ${TIMESTAMP_LIFETIME_SECONDS} s is accepted`);
  }
  if (created.getTime() > now.getTime() + skew) throw dauthError('DAUTH_STALE_TIMESTAMP', `the u:Timestamp was created at ${created.toISOString()}, in the future (clock skew ${CLOCK_SKEW_SECONDS} s)`);
  if (now.getTime() >= expires.getTime() + skew) throw dauthError('DAUTH_STALE_TIMESTAMP', `the u:Timestamp expired at ${expires.toISOString()} (clock skew ${CLOCK_SKEW_SECONDS} s)`);
}
