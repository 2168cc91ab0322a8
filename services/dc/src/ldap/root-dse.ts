import { generalizedTimeOf } from '../domain/ad-time.ts';
import type { DirectoryStore } from '../domain/directory/store.ts';
import { makeEntry, type DirectoryEntry } from '../domain/entries.ts';
import { pagedResultsOid } from './paging.ts';

/**
 * The rootDSE (RFC 4512 §5.1; [MS-ADTS] §3.1.1.3.2), the one entry an anonymous
 * client may read: where the naming context is, which controls the dc supports,
 * and its highest committed USN.
 */
export function rootDseEntry(store: DirectoryStore): DirectoryEntry {
  const { naming } = store;
  const host = naming.dnsHostName.split('.')[0]!;
  return makeEntry('', {
    distinguishedName: null,
    namingContexts: [naming.baseDn],
    defaultNamingContext: naming.baseDn,
    rootDomainNamingContext: naming.baseDn,
    dnsHostName: naming.dnsHostName,
    ldapServiceName: `${naming.forest}:${host}$@${naming.forest.toUpperCase()}`,
    supportedLDAPVersion: ['3'],
    supportedControl: [pagedResultsOid],
    supportedLDAPPolicies: ['MaxPageSize'],
    highestCommittedUSN: String(store.highestCommittedUsn()),
    currentTime: generalizedTimeOf(store.clock()),
    isSynchronized: 'TRUE',
    domainFunctionality: '7',
    forestFunctionality: '7',
    domainControllerFunctionality: '7',
  });
}
