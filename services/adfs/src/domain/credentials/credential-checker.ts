import type { ExtranetOrigin } from '../extranet-lockout/client-location.ts';

/**
 * How AD FS checks a username and password: against the dc, behind this small
 * interface so the WS-Trust endpoints do not know LDAP (the unit tests use a
 * directory stand-in, the integration test the real dc over LDAPS).
 */
export interface DirectoryUser {
  /** The GUID string of the user's objectGUID. */
  readonly objectGUID: string;
  readonly userPrincipalName: string;
  /** The down-level logon name, when the dc said it (extranet lockout learns the account's other names from it). */
  readonly sAMAccountName?: string;
}

/**
 * Why a logon failed, as the dc's bind diagnostic says (docs/identity.md, dc: the `data`
 * codes), or `extranet-lockout` when AD FS refused it without asking the dc.
 */
export type LogonFailure = 'no-such-user' | 'bad-password' | 'account-disabled' | 'password-expired' | 'password-must-change' | 'extranet-lockout';

export const logonFailureByDataCode: Readonly<Record<string, LogonFailure>> = {
  '525': 'no-such-user',
  '52e': 'bad-password',
  '533': 'account-disabled',
  '532': 'password-expired',
  '773': 'password-must-change',
};

export type CredentialCheck = { readonly ok: true; readonly user: DirectoryUser } | { readonly ok: false; readonly failure: LogonFailure };

/** What AD FS knows of the request besides the credentials: its activity id and, through the proxy, where it came from. */
export interface LogonContext {
  readonly activityId?: string;
  /** Set only for requests through the Web Application Proxy; extranet lockout applies to those alone. */
  readonly extranet?: ExtranetOrigin | undefined;
}

export interface CredentialChecker {
  /**
   * Checks a user name (UPN or `DOMAIN\name`) and password. A refused logon is a
   * result; a dc that cannot be reached throws a LabError naming the hop.
   */
  check(username: string, password: string, context?: LogonContext): Promise<CredentialCheck>;
}
