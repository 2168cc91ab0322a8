/**
 * The objects of the lab's directory, in AD's own attribute vocabulary
 * (docs/identity.md, dc). Everything here is what the store holds; LDAP entries are
 * built from it in ../entries.ts.
 */

/** userAccountControl flags ([MS-ADTS] §2.2.16). */
export const uac = {
  accountDisable: 0x2,
  normalAccount: 0x200,
  dontExpirePassword: 0x10000,
  /** Computed by AD; the lab stores it so an administrator can expire a password (data 532). */
  passwordExpired: 0x800000,
} as const;

/** Account-type bits: exactly one, NORMAL_ACCOUNT, is allowed on a user ([MS-SAMR] §2.2.1.12). */
export const accountTypeBits = 0x100 | 0x200 | 0x800 | 0x1000 | 0x2000;

export interface DirectoryNaming {
  /** DC=contoso,DC=test */
  readonly baseDn: string;
  /** CONTOSO */
  readonly netbios: string;
  /** contoso.test */
  readonly forest: string;
  /** CN=Users,DC=contoso,DC=test */
  readonly usersDn: string;
  /** dc.contoso.test */
  readonly dnsHostName: string;
}

export interface ObjectStamp {
  readonly usnCreated: number;
  readonly usnChanged: number;
  readonly whenCreated: Date;
  readonly whenChanged: Date;
}

export interface DirectoryUser extends ObjectStamp {
  readonly objectGUID: string;
  readonly cn: string;
  readonly sAMAccountName: string;
  readonly userPrincipalName: string | null;
  readonly givenName: string | null;
  readonly sn: string | null;
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly userAccountControl: number;
  /** null is pwdLastSet 0: the password must change at next logon. */
  readonly pwdLastSet: Date | null;
  readonly ntHash: Buffer;
  /** The USN of the last password change, which DRS replication filters on. */
  readonly passwordUsn: number;
  readonly isCriticalSystemObject: boolean;
  /** Holds "Replicating Directory Changes All" on the domain: may read NT hashes over DRS. */
  readonly replicatingDirectoryChangesAll: boolean;
}

export interface DirectoryGroup extends ObjectStamp {
  readonly objectGUID: string;
  readonly cn: string;
  readonly sAMAccountName: string;
}

export interface Membership {
  readonly groupGuid: string;
  readonly memberGuid: string;
}

/** The attributes an administrator may modify over LDAP (docs/identity.md, Modify). */
export interface EditableUserAttributes {
  readonly userAccountControl: number;
  readonly userPrincipalName: string | null;
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly givenName: string | null;
  readonly sn: string | null;
}

/** A write to one user: changed attributes and/or a new NT hash. */
export interface UserUpdate {
  readonly attributes?: Partial<EditableUserAttributes>;
  readonly ntHash?: Buffer;
}

/** The built-in group whose members administer the domain (password resets, attribute edits). */
export const domainAdminsGroup = 'Domain Admins';
