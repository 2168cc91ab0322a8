import type { DirectoryGroup, DirectoryUser, Membership } from './model.ts';

/** From SQLite rows (node:sqlite) to directory objects; the column names are migrations.ts's. */
type Row = Record<string, unknown>;

const text = (row: Row, column: string): string => String(row[column]);
const optionalText = (row: Row, column: string): string | null => (row[column] === null || row[column] === undefined ? null : String(row[column]));
const integer = (row: Row, column: string): number => Number(row[column]);
const date = (row: Row, column: string): Date => new Date(integer(row, column));

export function userFromRow(row: Row): DirectoryUser {
  return {
    objectGUID: text(row, 'object_guid'),
    cn: text(row, 'cn'),
    sAMAccountName: text(row, 'sam_account_name'),
    userPrincipalName: optionalText(row, 'user_principal_name'),
    givenName: optionalText(row, 'given_name'),
    sn: optionalText(row, 'sn'),
    displayName: optionalText(row, 'display_name'),
    mail: optionalText(row, 'mail'),
    proxyAddresses: JSON.parse(text(row, 'proxy_addresses')) as string[],
    userAccountControl: integer(row, 'user_account_control'),
    pwdLastSet: row.pwd_last_set === null ? null : date(row, 'pwd_last_set'),
    ntHash: Buffer.from(row.nt_hash as Uint8Array),
    passwordUsn: integer(row, 'password_usn'),
    isCriticalSystemObject: integer(row, 'critical_system_object') === 1,
    replicatingDirectoryChangesAll: integer(row, 'replicating_directory_changes_all') === 1,
    usnCreated: integer(row, 'usn_created'),
    usnChanged: integer(row, 'usn_changed'),
    whenCreated: date(row, 'when_created'),
    whenChanged: date(row, 'when_changed'),
  };
}

export function groupFromRow(row: Row): DirectoryGroup {
  return {
    objectGUID: text(row, 'object_guid'),
    cn: text(row, 'cn'),
    sAMAccountName: text(row, 'sam_account_name'),
    usnCreated: integer(row, 'usn_created'),
    usnChanged: integer(row, 'usn_changed'),
    whenCreated: date(row, 'when_created'),
    whenChanged: date(row, 'when_changed'),
  };
}

export function membershipFromRow(row: Row): Membership {
  return { groupGuid: text(row, 'group_guid'), memberGuid: text(row, 'member_guid') };
}
