import { createHash } from 'node:crypto';
import { unwillingToPerform } from '../domain/ad-errors.ts';
import type { PagedResultsValue } from './ldapjs.ts';

/**
 * The paged results control (RFC 2696; OID 1.2.840.113556.1.4.319). The cookie is
 * the offset of the next page plus a digest of the search it belongs to, so the
 * dc keeps no state per connection and a cookie cannot be replayed on another search.
 * Pages are capped at AD's default MaxPageSize, 1000.
 */
export const pagedResultsOid = '1.2.840.113556.1.4.319';
export const maxPageSize = 1000;

export interface Page<T> {
  readonly items: readonly T[];
  /** Empty on the last page (RFC 2696 §3). */
  readonly cookie: Buffer;
}

function digestOf(searchKey: string): Buffer {
  return createHash('sha256').update(searchKey).digest().subarray(0, 8);
}

function offsetOf(cookie: Buffer, searchKey: string): number {
  if (cookie.length === 0) return 0;
  if (cookie.length !== 12 || !cookie.subarray(4).equals(digestOf(searchKey))) throw unwillingToPerform('the paged results cookie does not belong to this search');
  return cookie.readUInt32BE(0);
}

/** One page of `items`; a size of 0 abandons the paged search (RFC 2696 §3). */
export function pageOf<T>(items: readonly T[], control: PagedResultsValue, searchKey: string): Page<T> {
  const offset = offsetOf(control.cookie, searchKey);
  const size = Math.min(control.size, maxPageSize);
  if (size <= 0) return { items: [], cookie: Buffer.alloc(0) };
  const next = offset + size;
  if (next >= items.length) return { items: items.slice(offset), cookie: Buffer.alloc(0) };
  const cookie = Buffer.alloc(4);
  cookie.writeUInt32BE(next);
  return { items: items.slice(offset, next), cookie: Buffer.concat([cookie, digestOf(searchKey)]) };
}
