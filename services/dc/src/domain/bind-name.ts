import { dnKey } from './dn.ts';
import type { DirectoryNaming, DirectoryUser } from './directory/model.ts';
import type { DirectoryStore } from './directory/store.ts';

/**
 * The names AD takes in a simple bind and in HTTP Basic: a DN, a UPN
 * (`mary@contoso.test`), a down-level logon name (`CONTOSO\mary`), or, as AD's name
 * cracking also allows, a bare sAMAccountName.
 */
export type BindName =
  | { readonly kind: 'dn'; readonly dn: string }
  | { readonly kind: 'userPrincipalName'; readonly userPrincipalName: string }
  | { readonly kind: 'downLevel'; readonly domain: string; readonly sAMAccountName: string }
  | { readonly kind: 'sAMAccountName'; readonly sAMAccountName: string };

const downLevel = /^([^\\/@=,]+)\\([^\\]+)$/;

export function parseBindName(raw: string): BindName {
  const name = raw.trim();
  const match = downLevel.exec(name);
  if (match) return { kind: 'downLevel', domain: match[1]!, sAMAccountName: match[2]! };
  if (name.includes('=')) return { kind: 'dn', dn: name };
  if (name.includes('@')) return { kind: 'userPrincipalName', userPrincipalName: name };
  return { kind: 'sAMAccountName', sAMAccountName: name };
}

/** The DN of a user: CN=<displayName or sAMAccountName>,CN=Users,<base>. */
export function userDn(naming: DirectoryNaming, user: Pick<DirectoryUser, 'cn'>): string {
  return `CN=${user.cn},${naming.usersDn}`;
}

/** Whether a domain part names this domain: its NetBIOS name or its DNS name. */
export function isThisDomain(naming: DirectoryNaming, domain: string): boolean {
  return [naming.netbios, naming.forest].some((name) => name.toLowerCase() === domain.toLowerCase());
}

const finders: { [K in BindName['kind']]: (store: DirectoryStore, name: Extract<BindName, { kind: K }>) => DirectoryUser | undefined } = {
  dn: (store, name) => {
    const key = dnKey(name.dn);
    return store.users().find((user) => dnKey(userDn(store.naming, user)) === key);
  },
  // An implicit UPN, sAMAccountName@<DNS domain>, works for every user, as in AD.
  userPrincipalName: (store, name) => {
    const explicit = store.userByPrincipalName(name.userPrincipalName);
    if (explicit) return explicit;
    const at = name.userPrincipalName.lastIndexOf('@');
    const suffix = name.userPrincipalName.slice(at + 1);
    return suffix.toLowerCase() === store.naming.forest.toLowerCase() ? store.userBySamAccountName(name.userPrincipalName.slice(0, at)) : undefined;
  },
  downLevel: (store, name) => (isThisDomain(store.naming, name.domain) ? store.userBySamAccountName(name.sAMAccountName) : undefined),
  sAMAccountName: (store, name) => store.userBySamAccountName(name.sAMAccountName),
};

export function findAccount(store: DirectoryStore, name: BindName): DirectoryUser | undefined {
  return (finders[name.kind] as (store: DirectoryStore, name: BindName) => DirectoryUser | undefined)(store, name);
}
