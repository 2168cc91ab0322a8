import type { MailboxStore } from '../mailbox/index.ts';
import type { Seed } from '../seed/seed.ts';
import type { AutodiscoverTarget } from './pox-settings.ts';

/**
 * Who has a mailbox on the other side of the hybrid, and the address Autodiscover
 * redirects them to (server-flows §3.1; docs/hybrid.md). An on-premises user whose seed
 * `mailbox` is `cloud` (joe, sam) is a remote mailbox on-premises: Exchange on-premises
 * redirects to `<alias>@<routingDomain>` (the tenant's `contoso.mail.onmicrosoft.test`,
 * the remote mailbox's target address). An on-premises mailbox (mary, alex, pat) is a
 * mail user in the cloud whose target address is its on-premises address: Exchange
 * Online redirects there. The alias is the local part of the user's mail address.
 */
export type RedirectMap = ReadonlyMap<string, string>;

function addressOf(user: Seed['activeDirectory']['users'][number]): string {
  return (user.mail ?? user.userPrincipalName).toLowerCase();
}

/** Exchange on-premises' redirects: its AD users whose mailbox is in the cloud → their cloud routing address. */
export function onpremRedirects(seed: Seed): RedirectMap {
  return new Map(seed.activeDirectory.users.filter((user) => user.mailbox === 'cloud').map((user) => [addressOf(user), `${addressOf(user).split('@')[0]}@${seed.tenant.routingDomain}`]));
}

/** Exchange Online's redirects: synchronized users whose mailbox is on-premises → their on-premises address. */
export function cloudRedirects(seed: Seed): RedirectMap {
  return new Map(seed.activeDirectory.users.filter((user) => user.mailbox === 'onprem').map((user) => [addressOf(user), addressOf(user)]));
}

/** A mailbox here, else a redirect, else nothing (POX ErrorCode 500, SOAP InvalidUser). */
export function autodiscoverTarget(store: Pick<MailboxStore, 'mailbox'>, redirects: RedirectMap, address: string): AutodiscoverTarget | undefined {
  const mailbox = store.mailbox(address);
  if (mailbox) return { kind: 'mailbox', mailbox };
  const redirect = redirects.get(address.trim().toLowerCase());
  return redirect ? { kind: 'redirect', address: redirect } : undefined;
}
