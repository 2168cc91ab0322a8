import type { Logger } from 'pino';
import { bindRequired, ldapResultCode, noSuchObject, unsupportedCriticalControl } from '../domain/ad-errors.ts';
import type { DirectoryStore } from '../domain/directory/store.ts';
import { bestMatch, directoryEntries, type DirectoryEntry } from '../domain/entries.ts';
import { dnKey, parentDnKey } from '../domain/dn.ts';
import { matchesFilter } from './filter.ts';
import { ldapjs, type LdapAttribute, type LdapControl, type LdapHandler, type PagedResultsValue, type SearchRequest, type SearchResponse } from './ldapjs.ts';
import { pagedResultsOid, pageOf } from './paging.ts';
import { ldapOperation } from './result.ts';
import { rootDseEntry } from './root-dse.ts';
import type { LdapSessions } from './session.ts';

/**
 * Search (docs/identity.md, Search): the rootDSE for anyone; for bound users the
 * naming context with base / one / sub scope, filters, attribute selection, size
 * limit and paged results.
 */
const scopes = { base: 0, one: 1, sub: 2 } as const;

function assertControlsSupported(controls: readonly LdapControl[]): void {
  const unsupported = controls.find((control) => control.criticality && control.type !== pagedResultsOid);
  if (unsupported) throw unsupportedCriticalControl(unsupported.type);
}

export function entriesInScope(entries: readonly DirectoryEntry[], base: string, scope: number): DirectoryEntry[] {
  const baseKey = dnKey(base);
  if (!entries.some((entry) => entry.key === baseKey)) throw noSuchObject(bestMatch(entries, base));
  if (scope === scopes.base) return entries.filter((entry) => entry.key === baseKey);
  if (scope === scopes.one) return entries.filter((entry) => parentDnKey(entry.dn) === baseKey);
  return entries.filter((entry) => entry.key === baseKey || entry.key.endsWith(`,${baseKey}`));
}

/** The requested attributes of an entry: all for none or `*`, none for `1.1` (RFC 4511 §4.5.1.8). */
export function selectAttributes(entry: DirectoryEntry, requested: readonly string[], typesOnly: boolean): LdapAttribute[] {
  const wanted = new Set(requested.map((name) => name.toLowerCase()));
  const all = wanted.size === 0 || wanted.has('*');
  return [...entry.attributes.values()].filter((attribute) => all || wanted.has(attribute.name.toLowerCase())).map((attribute) => ({ type: attribute.name, values: typesOnly ? [] : attribute.values }));
}

function send(response: SearchResponse, request: SearchRequest, entries: readonly DirectoryEntry[]): void {
  for (const entry of entries) response.send(response.createSearchEntry({ objectName: entry.dn, attributes: selectAttributes(entry, request.attributes, request.typesOnly) }));
}

function pagedControlOf(request: SearchRequest): PagedResultsValue | undefined {
  const control = request.controls.find((candidate) => candidate.type === pagedResultsOid);
  return control ? (control.value as PagedResultsValue) : undefined;
}

export function searchHandler(store: DirectoryStore, sessions: LdapSessions, logger: Logger): LdapHandler<SearchRequest, SearchResponse> {
  return ldapOperation<SearchRequest, SearchResponse>(logger, async (request, response) => {
    assertControlsSupported(request.controls);
    const base = request.baseObject.toString();
    if (base === '' && request.scope === scopes.base) {
      send(response, request, [rootDseEntry(store)]);
      return response.end(0);
    }
    if (!sessions.userOf(store, request.connection)) throw bindRequired();
    const matched = entriesInScope(directoryEntries(store), base, request.scope).filter((entry) => matchesFilter(request.filter, entry));
    const limited = request.sizeLimit > 0 ? matched.slice(0, request.sizeLimit) : matched;
    const paged = pagedControlOf(request);
    const page = paged ? pageOf(limited, paged, `${dnKey(base)}|${request.scope}|${request.filter.toString()}`) : { items: limited, cookie: Buffer.alloc(0) };
    send(response, request, page.items);
    if (paged) response.addControl(new ldapjs.PagedResultsControl({ criticality: false, value: { size: 0, cookie: page.cookie } }));
    const complete = page.cookie.length === 0;
    response.end(complete && limited.length < matched.length ? ldapResultCode.sizeLimitExceeded : 0);
  });
}
