import type { Mailbox } from '../../../../shared/mailbox/index.ts';
import type { Seed } from '../../../../shared/seed/seed.ts';

/**
 * The mailboxes Exchange on-premises hosts (design §2): AD users whose seed `mailbox` is
 * `onprem` (mary, alex, pat). A user's primary SMTP address is their AD `mail`, else
 * their UPN. Users whose mailbox is in the cloud are remote mailboxes here
 * (shared/autodiscover/hybrid-users.ts).
 */
export function onpremMailboxOwners(seed: Seed): Mailbox[] {
  return seed.activeDirectory.users
    .filter((user) => user.mailbox === 'onprem')
    .map((user): Mailbox => ({ primarySmtpAddress: user.mail ?? user.userPrincipalName, displayName: user.displayName, location: 'onprem' }));
}
