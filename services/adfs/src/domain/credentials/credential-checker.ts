/**
 * How AD FS checks a username and password: against the dc, behind this small
 * interface so the WS-Trust endpoints do not know LDAP (the unit tests use a
 * directory stand-in, the integration test the real dc over LDAPS).
 */
export interface DirectoryUser {
  /** The GUID string of the user's objectGUID. */
  readonly objectGUID: string;
  readonly userPrincipalName: string;
}

/** Why a logon failed, as the dc's bind diagnostic says (docs/identity.md, dc: the `data` codes). */
export type LogonFailure = 'no-such-user' | 'bad-password' | 'account-disabled' | 'password-expired' | 'password-must-change';

export const logonFailureByDataCode: Readonly<Record<string, LogonFailure>> = {
  '525': 'no-such-user',
  '52e': 'bad-password',
  '533': 'account-disabled',
  '532': 'password-expired',
  '773': 'password-must-change',
};

export type CredentialCheck = { readonly ok: true; readonly user: DirectoryUser } | { readonly ok: false; readonly failure: LogonFailure };

export interface CredentialChecker {
  /**
   * Checks a user name (UPN or `DOMAIN\name`) and password. A refused logon is a
   * result; a dc that cannot be reached throws a LabError naming the hop.
   */
  check(username: string, password: string): Promise<CredentialCheck>;
}
