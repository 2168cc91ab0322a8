import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { DirectorySyncObject, SyncOutcome, SyncResult } from '../../../../../shared/identity/directory-sync-contract.ts';

/** One object of `POST /<tenantId>/directorysync/objects`, once parsed: `deleted` is always known. */
export type SyncObject = Required<DirectorySyncObject>;

export type { SyncOutcome, SyncResult };

export function rejected(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, message });
}

const upnPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Checks one incoming object; a bad one is reported in its own result, never fails the batch. */
export function parseSyncObject(raw: Record<string, unknown>): SyncObject {
  const sourceAnchor = text(raw.sourceAnchor);
  if (!sourceAnchor || /\s/.test(sourceAnchor)) throw rejected('SYNC_INVALID_OBJECT', 'sourceAnchor is missing or not a single word');
  const deleted = raw.deleted === true;
  const userPrincipalName = text(raw.userPrincipalName);
  if (!deleted && (!userPrincipalName || !upnPattern.test(userPrincipalName))) throw rejected('SYNC_INVALID_OBJECT', `userPrincipalName "${String(raw.userPrincipalName ?? '')}" is not name@domain`);
  const displayName = text(raw.displayName);
  if (!deleted && !displayName) throw rejected('SYNC_INVALID_OBJECT', 'displayName is missing');
  const proxyAddresses = raw.proxyAddresses ?? [];
  if (!Array.isArray(proxyAddresses) || proxyAddresses.some((address) => typeof address !== 'string')) throw rejected('SYNC_INVALID_OBJECT', 'proxyAddresses must be a list of strings');
  if (raw.accountEnabled !== undefined && typeof raw.accountEnabled !== 'boolean') throw rejected('SYNC_INVALID_OBJECT', 'accountEnabled must be true or false');
  return {
    sourceAnchor,
    userPrincipalName: userPrincipalName ?? '',
    displayName: displayName ?? '',
    mail: text(raw.mail) ?? null,
    proxyAddresses: proxyAddresses as string[],
    accountEnabled: raw.accountEnabled !== false,
    deleted,
  };
}
