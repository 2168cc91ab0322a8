import { ldapjs } from '../ldap/ldapjs.ts';

/**
 * Distinguished names compare case-insensitively and regardless of spacing and
 * escaping (RFC 4514, AD's DN syntax): both sides go through one parser and one form.
 */
export function dnKey(dn: string): string {
  try {
    return ldapjs.parseDN(dn).toString().toLowerCase();
  } catch {
    return dn.trim().toLowerCase();
  }
}

/** The key of a DN's parent; the rootDSE ('') has none. */
export function parentDnKey(dn: string): string | undefined {
  try {
    return ldapjs.parseDN(dn).parent()?.toString().toLowerCase();
  } catch {
    return undefined;
  }
}

export function isValidDn(dn: string): boolean {
  try {
    ldapjs.parseDN(dn);
    return true;
  } catch {
    return false;
  }
}
