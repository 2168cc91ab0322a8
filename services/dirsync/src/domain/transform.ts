import type { Entry } from 'ldapts';
import type { DirectorySyncObject } from '../../../../shared/identity/directory-sync-contract.ts';
import { bytesToGuid, immutableIdFromGuid } from '../../../../shared/identity/immutable-id.ts';

/**
 * From an AD user entry to the object dirsync exports (client-flows §5): the
 * sourceAnchor is the ImmutableID computed from objectGUID; disabled accounts are
 * exported with accountEnabled false. Out of scope, as in AD Connect's default rules:
 * critical system objects (the built-in Administrator) and the MSOL_ sync accounts.
 */
/** What dirsync exports for one user: the sync web service's wire object. */
export type CloudObject = DirectorySyncObject;

export interface AdUser {
  readonly objectGuid: string;
  readonly sAMAccountName: string;
  readonly usnChanged: number;
  readonly inScope: boolean;
  readonly cloud: CloudObject;
}

const accountDisable = 0x2;

function text(entry: Entry, name: string): string | undefined {
  const value = entry[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function texts(entry: Entry, name: string): string[] {
  const value = entry[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : String(item)));
}

function guidOf(entry: Entry): string {
  const value = entry.objectGUID;
  const bytes = Array.isArray(value) ? value[0] : value;
  if (!Buffer.isBuffer(bytes) || bytes.length !== 16) throw new Error(`${entry.dn} has no 16-byte objectGUID`);
  return bytesToGuid(bytes);
}

export const importedAttributes = ['objectGUID', 'sAMAccountName', 'userPrincipalName', 'displayName', 'mail', 'proxyAddresses', 'userAccountControl', 'uSNChanged', 'isCriticalSystemObject'];

export function adUserFromEntry(entry: Entry): AdUser {
  const objectGuid = guidOf(entry);
  const sAMAccountName = text(entry, 'sAMAccountName') ?? '';
  const critical = (text(entry, 'isCriticalSystemObject') ?? '').toUpperCase() === 'TRUE';
  const userPrincipalName = text(entry, 'userPrincipalName') ?? '';
  return {
    objectGuid,
    sAMAccountName,
    usnChanged: Number(text(entry, 'uSNChanged') ?? 0),
    inScope: !critical && !/^MSOL_/i.test(sAMAccountName) && userPrincipalName !== '',
    cloud: {
      sourceAnchor: immutableIdFromGuid(objectGuid),
      userPrincipalName,
      displayName: text(entry, 'displayName') ?? sAMAccountName,
      mail: text(entry, 'mail') ?? null,
      proxyAddresses: texts(entry, 'proxyAddresses').sort(),
      accountEnabled: (Number(text(entry, 'userAccountControl') ?? 0) & accountDisable) === 0,
    },
  };
}
