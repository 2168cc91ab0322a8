import type { DirectoryLogonFailure, DirectoryUser } from '../../../../../shared/ldap/directory-logon.ts';
import type { ExtranetOrigin } from '../extranet-lockout/client-location.ts';

export type { DirectoryUser } from '../../../../../shared/ldap/directory-logon.ts';
export { logonFailureByDataCode } from '../../../../../shared/ldap/directory-logon.ts';

/**
 * How AD FS checks a username and password: against the dc, behind this small
 * interface so the WS-Trust endpoints do not know LDAP (the unit tests use a
 * directory stand-in, the integration test the real dc over LDAPS).
 *
 * Why a logon failed: the dc's bind diagnostic (shared/ldap/directory-logon.ts), or
 * `extranet-lockout` when AD FS refused it without asking the dc.
 */
export type LogonFailure = DirectoryLogonFailure | 'extranet-lockout';

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
