import { transaction } from '../../../../../shared/store/database.ts';
import { upnNotUnique } from '../ad-errors.ts';
import type { EditableUserAttributes, UserUpdate } from './model.ts';
import type { DirectoryStore } from './store.ts';

/**
 * Writes to the directory. Each is one originating write: it takes the next USN of
 * the directory and stamps uSNChanged and whenChanged; a password change also sets
 * pwdLastSet to now and the user's password-change USN (what DRS filters on).
 */
const columns: Record<keyof EditableUserAttributes, string> = {
  userAccountControl: 'user_account_control',
  userPrincipalName: 'user_principal_name',
  displayName: 'display_name',
  mail: 'mail',
  proxyAddresses: 'proxy_addresses',
  givenName: 'given_name',
  sn: 'sn',
};

function storedValue(name: keyof EditableUserAttributes, value: EditableUserAttributes[keyof EditableUserAttributes]): string | number | null {
  return name === 'proxyAddresses' ? JSON.stringify(value) : (value as string | number | null);
}

/** Takes the next USN of the directory. Call inside a transaction. */
function allocateUsn(store: DirectoryStore): number {
  const row = store.database.prepare('UPDATE naming SET highest_committed_usn = highest_committed_usn + 1 RETURNING highest_committed_usn').get() as { highest_committed_usn: number };
  return Number(row.highest_committed_usn);
}

/** Applies one modification to a user; returns the USN it was committed with. */
export function updateUser(store: DirectoryStore, objectGUID: string, update: UserUpdate): number {
  const now = store.clock().getTime();
  const upn = update.attributes?.userPrincipalName;
  const holder = upn ? store.userByPrincipalName(upn) : undefined;
  if (holder && holder.objectGUID !== objectGUID) throw upnNotUnique();
  return transaction(store.database, () => {
    const usn = allocateUsn(store);
    for (const [name, value] of Object.entries(update.attributes ?? {}) as [keyof EditableUserAttributes, EditableUserAttributes[keyof EditableUserAttributes]][]) {
      store.database.prepare(`UPDATE users SET ${columns[name]} = ? WHERE object_guid = ?`).run(storedValue(name, value), objectGUID);
    }
    if (update.ntHash) {
      store.database.prepare('UPDATE users SET nt_hash = ?, pwd_last_set = ?, password_usn = ? WHERE object_guid = ?').run(update.ntHash, now, usn, objectGUID);
    }
    store.database.prepare('UPDATE users SET usn_changed = ?, when_changed = ? WHERE object_guid = ?').run(usn, now, objectGUID);
    return usn;
  });
}
