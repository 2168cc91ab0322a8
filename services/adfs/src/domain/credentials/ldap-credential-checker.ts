import type { Vantage } from '../../../../../shared/http/route.ts';
import { checkDirectoryPassword } from '../../../../../shared/ldap/directory-logon.ts';
import type { DirectoryTarget } from '../../config.ts';
import type { CredentialChecker } from './credential-checker.ts';

/**
 * The credential check against the dc (docs/federation.md, "AD FS"): a simple bind
 * over LDAPS as the user from AD FS's own vantage (shared/ldap/directory-logon.ts,
 * which Exchange on-premises' Basic sign-in uses too).
 */
export function createLdapCredentialChecker(vantage: Vantage, ca: string, directory: DirectoryTarget): CredentialChecker {
  return {
    check: (username, password) => checkDirectoryPassword(vantage, ca, directory, username, password),
  };
}
