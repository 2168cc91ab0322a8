import { attributeProblem, unwillingToPerform } from '../ad-errors.ts';
import { accountTypeBits, uac, type DirectoryUser, type EditableUserAttributes } from '../directory/model.ts';
import type { AttributeChange } from './attribute-change.ts';

/**
 * Applies add / delete / replace (RFC 4511 §4.6) to the attributes an administrator
 * may edit, with AD's rules: a single-valued attribute holds one value, values
 * compare case-insensitively, and userAccountControl keeps its account type.
 */
type Name = keyof EditableUserAttributes;

/** The attributes an administrator may edit, by lower-case LDAP name. */
export const editableAttributeNames: Readonly<Record<string, Name>> = {
  useraccountcontrol: 'userAccountControl',
  userprincipalname: 'userPrincipalName',
  displayname: 'displayName',
  mail: 'mail',
  proxyaddresses: 'proxyAddresses',
  givenname: 'givenName',
  sn: 'sn',
};

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function currentValues(state: EditableUserAttributes, name: Name): string[] {
  const value = state[name];
  if (value === null) return [];
  return Array.isArray(value) ? [...(value as string[])] : [String(value)];
}

function applyOne(values: string[], change: AttributeChange, singleValued: boolean): string[] {
  if (change.operation === 'replace') return [...change.values];
  if (change.operation === 'add') {
    const duplicate = change.values.find((value) => values.some((existing) => same(existing, value)));
    if (duplicate !== undefined || (singleValued && values.length > 0)) throw attributeProblem('exists', change.type);
    return [...values, ...change.values];
  }
  if (change.values.length === 0) {
    if (values.length === 0) throw attributeProblem('missing', change.type);
    return [];
  }
  const missing = change.values.find((value) => !values.some((existing) => same(existing, value)));
  if (missing !== undefined) throw attributeProblem('missing', change.type);
  return values.filter((existing) => !change.values.some((value) => same(existing, value)));
}

function userAccountControlOf(values: string[]): number {
  const value = Number(values[0]);
  if (values.length !== 1 || !/^\d+$/.test(values[0] ?? '') || (value & accountTypeBits) !== uac.normalAccount) {
    throw unwillingToPerform('userAccountControl must be one integer with exactly the NORMAL_ACCOUNT (512) account type');
  }
  return value;
}

function stored(name: Name, values: string[]): EditableUserAttributes[Name] {
  if (name === 'proxyAddresses') return values;
  if (values.length > 1) throw attributeProblem('single-valued', name);
  if (name === 'userAccountControl') return userAccountControlOf(values);
  return values[0] ?? null;
}

export function applyAttributeChanges(user: DirectoryUser, changes: readonly AttributeChange[]): Partial<EditableUserAttributes> {
  let state: EditableUserAttributes = user;
  const changed: Partial<Record<Name, EditableUserAttributes[Name]>> = {};
  for (const change of changes) {
    const name = editableAttributeNames[change.type.toLowerCase()];
    if (!name) throw unwillingToPerform(`the lab dc does not modify ${change.type}`);
    const value = stored(name, applyOne(currentValues(state, name), change, name !== 'proxyAddresses'));
    changed[name] = value;
    state = { ...state, [name]: value };
  }
  return changed as Partial<EditableUserAttributes>;
}
