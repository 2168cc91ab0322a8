import type { Migration } from '../../../../../shared/store/database.ts';

/**
 * The directory's schema (docs/identity.md, dc). Users and groups live in
 * CN=Users; names compare case-insensitively, as AD's do. Passwords are kept only
 * as 16-byte NT hashes. Times are epoch milliseconds; `pwd_last_set` NULL is AD's
 * pwdLastSet 0, "must change at next logon".
 */
export const directoryMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE naming (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        base_dn TEXT NOT NULL,
        netbios TEXT NOT NULL,
        forest TEXT NOT NULL,
        highest_committed_usn INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE users (
        object_guid TEXT PRIMARY KEY,
        cn TEXT NOT NULL UNIQUE COLLATE NOCASE,
        sam_account_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        user_principal_name TEXT UNIQUE COLLATE NOCASE,
        given_name TEXT,
        sn TEXT,
        display_name TEXT,
        mail TEXT,
        proxy_addresses TEXT NOT NULL DEFAULT '[]',
        user_account_control INTEGER NOT NULL,
        pwd_last_set INTEGER,
        nt_hash BLOB NOT NULL CHECK (length(nt_hash) = 16),
        password_usn INTEGER NOT NULL,
        critical_system_object INTEGER NOT NULL DEFAULT 0,
        replicating_directory_changes_all INTEGER NOT NULL DEFAULT 0,
        usn_created INTEGER NOT NULL,
        usn_changed INTEGER NOT NULL,
        when_created INTEGER NOT NULL,
        when_changed INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE groups (
        object_guid TEXT PRIMARY KEY,
        cn TEXT NOT NULL UNIQUE COLLATE NOCASE,
        sam_account_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        usn_created INTEGER NOT NULL,
        usn_changed INTEGER NOT NULL,
        when_created INTEGER NOT NULL,
        when_changed INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE memberships (
        group_guid TEXT NOT NULL REFERENCES groups (object_guid),
        member_guid TEXT NOT NULL REFERENCES users (object_guid),
        PRIMARY KEY (group_guid, member_guid)
      ) STRICT;
    `,
  },
];
