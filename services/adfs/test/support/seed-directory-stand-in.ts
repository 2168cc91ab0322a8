import { timingSafeEqual } from 'node:crypto';
import { ntHash } from '../../../../shared/identity/nt-hash.ts';
import type { Seed, SeedAdUser } from '../../../../shared/seed/seed.ts';
import type { CredentialChecker } from '../../src/domain/credentials/credential-checker.ts';

/**
 * A directory stand-in for unit tests: the seed's AD users held as NT hashes, checked
 * in the order the dc checks them (docs/identity.md, dc: 525, 52e, then 533 and 773).
 * It lets the WS-Trust tests run without LDAP; the integration test uses the real dc.
 */
export async function seedDirectoryStandIn(seed: Seed): Promise<CredentialChecker> {
  const netbios = seed.activeDirectory.netbios.toLowerCase();
  const accounts = await Promise.all(seed.activeDirectory.users.map(async (user) => ({ user, hash: await ntHash(user.password) })));
  const find = (name: string): { user: SeedAdUser; hash: Buffer } | undefined => {
    const lower = name.toLowerCase();
    return accounts.find(({ user }) => user.userPrincipalName.toLowerCase() === lower || `${netbios}\\${user.sAMAccountName.toLowerCase()}` === lower);
  };
  return {
    async check(username, password) {
      const account = find(username);
      if (!account) return { ok: false, failure: 'no-such-user' };
      if (!timingSafeEqual(await ntHash(password), account.hash)) return { ok: false, failure: 'bad-password' };
      if (account.user.disabled) return { ok: false, failure: 'account-disabled' };
      if (account.user.passwordExpired) return { ok: false, failure: 'password-must-change' };
      return { ok: true, user: { objectGUID: account.user.objectGUID, userPrincipalName: account.user.userPrincipalName, sAMAccountName: account.user.sAMAccountName } };
    },
  };
}
