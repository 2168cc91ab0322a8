import type { Database } from '../../../../../shared/store/database.ts';
import { domainAdminsGroup, type DirectoryGroup, type DirectoryNaming, type DirectoryUser, type Membership } from './model.ts';
import { groupFromRow, membershipFromRow, userFromRow } from './rows.ts';

/** The dc's clock; tests freeze it. */
export type Clock = () => Date;

/**
 * Reads of the directory store. Writes, each bumping the directory-wide USN, are
 * in writes.ts. The directory is small (the seed's users), so searches read it whole.
 */
export class DirectoryStore {
  readonly database: Database;
  readonly naming: DirectoryNaming;
  readonly clock: Clock;

  constructor(database: Database, naming: DirectoryNaming, clock: Clock) {
    this.database = database;
    this.naming = naming;
    this.clock = clock;
  }

  /** The highest committed USN of the whole directory (rootDSE highestCommittedUSN). */
  highestCommittedUsn(): number {
    return Number((this.database.prepare('SELECT highest_committed_usn FROM naming').get() as { highest_committed_usn: number }).highest_committed_usn);
  }

  users(): DirectoryUser[] {
    return this.database.prepare('SELECT * FROM users ORDER BY usn_created').all().map(userFromRow);
  }

  groups(): DirectoryGroup[] {
    return this.database.prepare('SELECT * FROM groups ORDER BY usn_created').all().map(groupFromRow);
  }

  memberships(): Membership[] {
    return this.database.prepare('SELECT * FROM memberships').all().map(membershipFromRow);
  }

  userByGuid(objectGUID: string): DirectoryUser | undefined {
    const row = this.database.prepare('SELECT * FROM users WHERE object_guid = ?').get(objectGUID.toLowerCase());
    return row ? userFromRow(row) : undefined;
  }

  userBySamAccountName(sAMAccountName: string): DirectoryUser | undefined {
    const row = this.database.prepare('SELECT * FROM users WHERE sam_account_name = ?').get(sAMAccountName);
    return row ? userFromRow(row) : undefined;
  }

  userByPrincipalName(userPrincipalName: string): DirectoryUser | undefined {
    const row = this.database.prepare('SELECT * FROM users WHERE user_principal_name = ?').get(userPrincipalName);
    return row ? userFromRow(row) : undefined;
  }

  /** Whether a user is a direct member of Domain Admins (the lab has no nested groups). */
  isDomainAdmin(user: DirectoryUser): boolean {
    const row = this.database
      .prepare('SELECT 1 FROM memberships m JOIN groups g ON g.object_guid = m.group_guid WHERE g.sam_account_name = ? AND m.member_guid = ?')
      .get(domainAdminsGroup, user.objectGUID);
    return row !== undefined;
  }

  counts(): { users: number; groups: number; memberships: number } {
    const count = (table: string): number => Number((this.database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    return { users: count('users'), groups: count('groups'), memberships: count('memberships') };
  }

  close(): void {
    if (this.database.isOpen) this.database.close();
  }
}
