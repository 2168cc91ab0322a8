import { randomUUID } from 'node:crypto';
import { ntHash } from '../../../../shared/identity/nt-hash.ts';
import { passwordHashSyncHash } from '../../../../shared/identity/password-hash-sync.ts';
import type { Seed, SeedCloudUser } from '../../../../shared/seed/seed.ts';
import { transaction, type Database } from '../../../../shared/store/database.ts';
import { isDirectoryRole, UserStore, type UserRecord } from './users.ts';

/** Display name Entra gives the account AD Connect creates in the tenant. */
const syncAccountDisplayName = 'On-Premises Directory Synchronization Service Account';

/** A cloud-only user as the seed describes it; its credential is the PHS hash of its own password. */
export async function cloudUser(fields: { userPrincipalName: string; displayName: string; password: string; mail?: string | null; roles?: readonly string[] }, now: Date): Promise<UserRecord> {
  const mail = fields.mail ?? null;
  return {
    objectId: randomUUID(),
    userPrincipalName: fields.userPrincipalName,
    displayName: fields.displayName,
    mail,
    proxyAddresses: mail ? [`SMTP:${mail}`] : [],
    accountEnabled: true,
    immutableId: null,
    onPremisesSyncEnabled: false,
    roles: (fields.roles ?? []).filter(isDirectoryRole),
    credential: passwordHashSyncHash(await ntHash(fields.password)),
    passwordExpiresAt: null,
    failedSignIns: 0,
    lockoutUntil: null,
    deletedAt: null,
    createdAt: now.getTime(),
  };
}

/** A seed cloud user with a mailbox gets its UPN as mail and primary SMTP, as an Exchange Online licence does. */
function fromSeed(user: SeedCloudUser, now: Date): Promise<UserRecord> {
  return cloudUser({ ...user, mail: user.mailbox ? user.userPrincipalName : null }, now);
}

/**
 * Fills an empty directory from the seed's tenant section (docs/identity.md: first
 * start only, so later edits persist). Returns whether it seeded.
 */
export async function seedTenantIfEmpty(database: Database, seed: Seed, now: Date): Promise<boolean> {
  const seeded = database.prepare('SELECT count(*) AS n FROM tenant').get() as { n: number };
  if (Number(seeded.n) > 0) return false;
  const { tenant } = seed;
  const users = await Promise.all([
    ...tenant.cloudUsers.map((user) => fromSeed(user, now)),
    cloudUser({ ...tenant.syncAccount, displayName: syncAccountDisplayName, roles: ['DirectorySynchronizationAccounts'] }, now),
  ]);
  transaction(database, () => {
    database.prepare('INSERT INTO tenant (id, display_name, initial_domain, routing_domain) VALUES (?, ?, ?, ?)').run(tenant.id, tenant.displayName, tenant.initialDomain, tenant.routingDomain);
    for (const domain of tenant.domains) database.prepare('INSERT INTO domains (name, authentication) VALUES (?, ?)').run(domain.name, domain.authentication);
    const store = new UserStore(database);
    for (const user of users) store.insert(user);
  });
  return true;
}
