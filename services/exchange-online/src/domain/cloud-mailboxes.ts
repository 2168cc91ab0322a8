import type { Mailbox, MailboxStore } from '../../../../shared/mailbox/index.ts';
import type { Seed } from '../../../../shared/seed/seed.ts';

/**
 * The mailboxes Exchange Online hosts (identity.md): cloud users the seed gives a
 * mailbox (ann), and synchronized AD users whose seed `mailbox` is `cloud` (joe, sam).
 * A synced user's primary SMTP address is their AD `mail`, else their UPN.
 */
export function cloudMailboxOwners(seed: Seed): Mailbox[] {
  const cloudUsers = seed.tenant.cloudUsers
    .filter((user) => user.mailbox === true)
    .map((user): Mailbox => ({ primarySmtpAddress: user.userPrincipalName, displayName: user.displayName, location: 'cloud' }));
  const syncedUsers = seed.activeDirectory.users
    .filter((user) => user.mailbox === 'cloud')
    .map((user): Mailbox => ({ primarySmtpAddress: user.mail ?? user.userPrincipalName, displayName: user.displayName, location: 'cloud' }));
  return [...cloudUsers, ...syncedUsers];
}

/**
 * The mailbox of the user a verified token names. For the seeded users the primary
 * SMTP address equals the UPN; this is the one place to widen the match to the
 * user's proxyAddresses, as Exchange resolves a user by any of them.
 */
export function mailboxOfUser(store: MailboxStore, upn: string): Mailbox | undefined {
  return store.mailbox(upn);
}
