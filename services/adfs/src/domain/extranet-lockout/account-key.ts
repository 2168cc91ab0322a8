/**
 * Which account a sign-in is for, before the dc is asked (AD FS keys its
 * AccountActivity by user). The lab's AD FS has no service account to look names
 * up with — it binds as the user — so it keys by the name as typed, in the two
 * forms its sign-in takes (client-flows §1.3: `someone@example.com` or
 * `domain\user`), and learns at each successful sign-in which other names
 * (down-level, implicit UPN) are the same account, folding their counters into one.
 */
export type AccountKey = string;

const downLevel = /^[^\\/@=,]+\\([^\\@=,]+)$/;
const userPrincipalName = /^[^\\/@=,\s]+@[^\\/@=,\s]+$/;

/**
 * `upn:<upn>` or `sam:<sAMAccountName>` (lower case; the dc compares names without
 * case), or undefined for any other form (a DN, a bare name), which the extranet
 * does not take: AD FS could not count its failures against the account.
 */
export function accountKeyOf(name: string): AccountKey | undefined {
  const trimmed = name.trim().toLowerCase();
  const sam = downLevel.exec(trimmed)?.[1];
  if (sam !== undefined) return `sam:${sam}`;
  if (userPrincipalName.test(trimmed)) return `upn:${trimmed}`;
  return undefined;
}

/** The DNS name of a naming context: `DC=contoso,DC=test` → `contoso.test`. */
export function forestOf(baseDn: string): string {
  return baseDn
    .split(',')
    .map((part) => /^\s*dc=(.+?)\s*$/i.exec(part)?.[1])
    .filter((label): label is string => label !== undefined)
    .join('.')
    .toLowerCase();
}

/**
 * Every name of a user the dc just signed in, the UPN first (the account's key):
 * the down-level name and the implicit UPN `sAMAccountName@<forest>`, which AD also binds.
 */
export function namesOfAccount(user: { readonly userPrincipalName: string; readonly sAMAccountName?: string | undefined }, forest: string): { readonly key: AccountKey; readonly aliases: readonly AccountKey[] } {
  const key = `upn:${user.userPrincipalName.toLowerCase()}`;
  const sam = user.sAMAccountName?.toLowerCase();
  const aliases = sam === undefined ? [] : [`sam:${sam}`, `upn:${sam}@${forest}`];
  return { key, aliases: [...new Set(aliases)].filter((alias) => alias !== key) };
}
