import { guidToBytes } from '../../../../shared/identity/immutable-id.ts';
import { fileTimeOf, generalizedTimeOf } from './ad-time.ts';
import { userDn } from './bind-name.ts';
import { dnKey, parentDnKey } from './dn.ts';
import type { DirectoryGroup, DirectoryNaming, DirectoryUser, ObjectStamp } from './directory/model.ts';
import type { DirectoryStore } from './directory/store.ts';

/**
 * The directory as LDAP entries (docs/identity.md, dc attributes): the domain head,
 * CN=Users, and the users and groups in it. Values are strings except objectGUID,
 * which is the 16 bytes AD stores. Absent attributes are left out, as AD does.
 */
export type AttributeValue = string | Buffer;

export interface DirectoryEntry {
  readonly dn: string;
  readonly key: string;
  /** By lower-case attribute name: the name as AD spells it, and the values. */
  readonly attributes: ReadonlyMap<string, { readonly name: string; readonly values: readonly AttributeValue[] }>;
}

export type Values = Record<string, AttributeValue | readonly AttributeValue[] | null | undefined>;

export function makeEntry(dn: string, values: Values): DirectoryEntry {
  const attributes = new Map<string, { name: string; values: AttributeValue[] }>();
  for (const [name, value] of Object.entries({ distinguishedName: dn, ...values })) {
    const list = value === null || value === undefined ? [] : Array.isArray(value) ? [...(value as AttributeValue[])] : [value as AttributeValue];
    if (list.length) attributes.set(name.toLowerCase(), { name, values: list });
  }
  return { dn, key: dnKey(dn), attributes };
}

function stamps(object: ObjectStamp): Values {
  return { uSNCreated: String(object.usnCreated), uSNChanged: String(object.usnChanged), whenCreated: generalizedTimeOf(object.whenCreated), whenChanged: generalizedTimeOf(object.whenChanged) };
}

const schemaDn = (naming: DirectoryNaming, category: string): string => `CN=${category},CN=Schema,CN=Configuration,${naming.baseDn}`;

function userEntry(naming: DirectoryNaming, user: DirectoryUser, memberOf: string[]): DirectoryEntry {
  return makeEntry(userDn(naming, user), {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectCategory: schemaDn(naming, 'Person'),
    cn: user.cn,
    name: user.cn,
    objectGUID: guidToBytes(user.objectGUID),
    sAMAccountName: user.sAMAccountName,
    sAMAccountType: '805306368',
    userPrincipalName: user.userPrincipalName,
    mail: user.mail,
    proxyAddresses: user.proxyAddresses,
    displayName: user.displayName,
    givenName: user.givenName,
    sn: user.sn,
    userAccountControl: String(user.userAccountControl),
    pwdLastSet: fileTimeOf(user.pwdLastSet).toString(),
    memberOf,
    isCriticalSystemObject: user.isCriticalSystemObject ? 'TRUE' : null,
    ...stamps(user),
  });
}

function groupEntry(naming: DirectoryNaming, group: DirectoryGroup, members: string[]): DirectoryEntry {
  return makeEntry(`CN=${group.cn},${naming.usersDn}`, {
    objectClass: ['top', 'group'],
    objectCategory: schemaDn(naming, 'Group'),
    cn: group.cn,
    name: group.cn,
    objectGUID: guidToBytes(group.objectGUID),
    sAMAccountName: group.sAMAccountName,
    sAMAccountType: '268435456',
    // A global security group ([MS-ADTS] §2.2.12).
    groupType: '-2147483646',
    member: members,
    ...stamps(group),
  });
}

/** Every entry of the naming context, parents before children, objects in creation order. */
export function directoryEntries(store: DirectoryStore): DirectoryEntry[] {
  const { naming } = store;
  const users = store.users();
  const groups = store.groups();
  const memberships = store.memberships();
  const dnOfUser = new Map(users.map((user) => [user.objectGUID, userDn(naming, user)]));
  const dnOfGroup = new Map(groups.map((group) => [group.objectGUID, `CN=${group.cn},${naming.usersDn}`]));
  const domainComponent = naming.baseDn.split(',')[0]!.replace(/^DC=/i, '');
  return [
    makeEntry(naming.baseDn, { objectClass: ['top', 'domain', 'domainDNS'], dc: domainComponent, name: domainComponent }),
    makeEntry(naming.usersDn, { objectClass: ['top', 'container'], cn: 'Users', name: 'Users', description: 'Default container for upgraded user accounts', isCriticalSystemObject: 'TRUE' }),
    ...users.map((user) => userEntry(naming, user, memberships.filter((m) => m.memberGuid === user.objectGUID).map((m) => dnOfGroup.get(m.groupGuid)!))),
    ...groups.map((group) => groupEntry(naming, group, memberships.filter((m) => m.groupGuid === group.objectGUID).map((m) => dnOfUser.get(m.memberGuid)!))),
  ];
}

/** The nearest existing ancestor of a DN that does not exist, for noSuchObject's "best match". */
export function bestMatch(entries: readonly DirectoryEntry[], dn: string): string {
  for (let key = parentDnKey(dn); key; key = parentDnKey(key)) {
    const found = entries.find((entry) => entry.key === key);
    if (found) return found.dn;
  }
  return entries[0]?.dn ?? '';
}
