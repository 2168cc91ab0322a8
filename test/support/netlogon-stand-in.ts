import { LabError } from '../../shared/errors/lab-error.ts';
import { ntHash } from '../../shared/identity/nt-hash.ts';
import { ntlmv1ResponseLength, parseNtlmv2Response, verifyNtlmv2 } from '../../shared/ntlm/ntlmv2.ts';
import type { WindowsLogonVerifier } from '../../shared/ntlm/server/netlogon-verifier.ts';
import type { Seed } from '../../shared/seed/seed.ts';

/**
 * The dc's NETLOGON pass-through for unit tests, from the seed's users and in the dc's
 * order (docs/identity.md, `/netlogon/ntlm/verify`): NTLMv1 refused, then the user, the
 * NTLMv2 proof, one use per challenge, then the account's state. `unreachable` makes it
 * fail as a dc that cannot be reached does, naming `caller` (the server that asks: AD FS
 * or Exchange on-premises) in the hop. The integration tests use the real dc.
 */
export interface NetlogonStandIn extends WindowsLogonVerifier {
  unreachable: boolean;
  readonly calls: number;
}

export async function netlogonStandIn(seed: Seed, caller = 'adfs'): Promise<NetlogonStandIn> {
  const netbios = seed.activeDirectory.netbios.toLowerCase();
  const accounts = await Promise.all(seed.activeDirectory.users.map(async (user) => ({ user, hash: await ntHash(user.password) })));
  const used = new Set<string>();
  let calls = 0;
  const standIn: NetlogonStandIn = {
    unreachable: false,
    get calls() {
      return calls;
    },
    async verify(request) {
      calls += 1;
      if (standIn.unreachable) throw new LabError({ code: 'DC_UNREACHABLE', statusCode: 503, expose: true, message: 'the dc dc.contoso.test cannot be reached to check an NTLM logon (CONNECT_FAILED: ECONNREFUSED)', hop: `${caller} → dc.contoso.test (NETLOGON pass-through)` });
      if (request.ntChallengeResponse.length === ntlmv1ResponseLength) return { ok: false, failure: 'ntlmv1-refused', status: 'NTLMV1_REFUSED' };
      const response = parseNtlmv2Response(request.ntChallengeResponse);
      if (!response) return { ok: false, failure: 'bad-response', status: 'BAD_NTLM_RESPONSE' };
      const name = request.userName.toLowerCase();
      const account = accounts.find(({ user }) => (request.domain === '' ? user.userPrincipalName.toLowerCase() === name : request.domain.toLowerCase() === netbios && user.sAMAccountName.toLowerCase() === name));
      if (!account) return { ok: false, failure: 'bad-credentials', status: 'STATUS_NO_SUCH_USER' };
      if (!verifyNtlmv2(account.hash, request.userName, request.domain, request.serverChallenge, response)) return { ok: false, failure: 'bad-credentials', status: 'STATUS_WRONG_PASSWORD' };
      const key = `${request.serverChallenge.toString('hex')}/${account.user.objectGUID}`;
      if (used.has(key)) return { ok: false, failure: 'challenge-reused', status: 'NTLM_CHALLENGE_REUSED' };
      used.add(key);
      if (account.user.disabled) return { ok: false, failure: 'account-disabled', status: 'STATUS_ACCOUNT_DISABLED' };
      if (account.user.passwordExpired) return { ok: false, failure: 'password-must-change', status: 'STATUS_PASSWORD_MUST_CHANGE' };
      return { ok: true, user: { objectGUID: account.user.objectGUID, userPrincipalName: account.user.userPrincipalName } };
    },
  };
  return standIn;
}
