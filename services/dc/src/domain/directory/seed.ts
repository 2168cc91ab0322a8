import { randomUUID } from 'node:crypto';
import { ntHash } from '../../../../../shared/identity/nt-hash.ts';
import type { Seed, SeedActiveDirectory, SeedAdUser } from '../../../../../shared/seed/seed.ts';
import { transaction, type Database } from '../../../../../shared/store/database.ts';
import { uac } from './model.ts';

/**
 * First start only: the seed's users (Administrator included), the MSOL_ sync
 * service account and the groups, each object created with its own USN as AD does.
 * Passwords become NT hashes here and are never stored in clear.
 */
interface NewUser {
  readonly seed: SeedAdUser;
  readonly userAccountControl: number;
  readonly replicatingDirectoryChangesAll: boolean;
}

/** The MSOL_ account AD Connect creates: password never expires, the only DRS replicator. */
function syncServiceAccount(ad: SeedActiveDirectory): NewUser {
  const { sAMAccountName, password } = ad.syncServiceAccount;
  return {
    seed: { sAMAccountName, password, displayName: sAMAccountName, userPrincipalName: `${sAMAccountName}@${ad.forest}`, objectGUID: randomUUID() },
    userAccountControl: uac.normalAccount | uac.dontExpirePassword,
    replicatingDirectoryChangesAll: true,
  };
}

/** SMTP:<mail> primary, plus the routing address for users with a mailbox (docs/identity.md). */
function proxyAddressesOf(user: SeedAdUser, routingDomain: string): string[] {
  if (!user.mail) return [];
  return [`SMTP:${user.mail}`, ...(user.mailbox ? [`smtp:${user.sAMAccountName}@${routingDomain}`] : [])];
}

export function isEmpty(database: Database): boolean {
  return database.prepare('SELECT 1 FROM naming').get() === undefined;
}

export async function seedDirectory(database: Database, seed: Seed, now: Date): Promise<void> {
  const ad = seed.activeDirectory;
  const users: NewUser[] = [
    ...ad.users.map((user) => ({ seed: user, userAccountControl: uac.normalAccount | (user.disabled ? uac.accountDisable : 0), replicatingDirectoryChangesAll: false })),
    syncServiceAccount(ad),
  ];
  const hashes = await Promise.all(users.map((user) => ntHash(user.seed.password)));
  const at = now.getTime();
  transaction(database, () => {
    let usn = 0;
    const insertUser = database.prepare(`INSERT INTO users (object_guid, cn, sam_account_name, user_principal_name, given_name, sn, display_name, mail, proxy_addresses,
      user_account_control, pwd_last_set, nt_hash, password_usn, critical_system_object, replicating_directory_changes_all, usn_created, usn_changed, when_created, when_changed)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const guidBySam = new Map<string, string>();
    users.forEach(({ seed: user, userAccountControl, replicatingDirectoryChangesAll }, index) => {
      usn += 1;
      const guid = user.objectGUID.toLowerCase();
      guidBySam.set(user.sAMAccountName.toLowerCase(), guid);
      insertUser.run(guid, user.displayName || user.sAMAccountName, user.sAMAccountName, user.userPrincipalName, user.givenName ?? null, user.sn ?? null, user.displayName, user.mail ?? null,
        JSON.stringify(proxyAddressesOf(user, seed.tenant.routingDomain)), userAccountControl, user.passwordExpired ? null : at, hashes[index]!, usn,
        user.criticalSystemObject ? 1 : 0, replicatingDirectoryChangesAll ? 1 : 0, usn, usn, at, at);
    });
    const insertGroup = database.prepare('INSERT INTO groups (object_guid, cn, sam_account_name, usn_created, usn_changed, when_created, when_changed) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertMember = database.prepare('INSERT INTO memberships (group_guid, member_guid) VALUES (?, ?)');
    for (const group of ad.groups) {
      usn += 1;
      const guid = group.objectGUID.toLowerCase();
      insertGroup.run(guid, group.sAMAccountName, group.sAMAccountName, usn, usn, at, at);
      for (const member of group.members) insertMember.run(guid, guidBySam.get(member.toLowerCase())!);
    }
    database.prepare('INSERT INTO naming (id, base_dn, netbios, forest, highest_committed_usn) VALUES (1, ?, ?, ?, ?)').run(ad.baseDn, ad.netbios, ad.forest, usn);
  });
}
