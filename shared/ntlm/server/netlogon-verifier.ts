import { LabError } from '../../errors/lab-error.ts';
import type { LabHttpClient, LabResponse } from '../../http/client.ts';
import type { DirectoryUser } from '../../ldap/directory-logon.ts';

/**
 * NTLM pass-through to the dc, the NETLOGON role (docs/identity.md, dc): a member
 * server (AD FS, Exchange on-premises) holds no password hash, so it hands the dc what
 * the client answered to its challenge and the dc says who it is, or why that account
 * cannot log on. A refused logon is a result; a dc that cannot be reached, or answers
 * something else, throws a LabError naming the hop.
 */
export interface NetlogonRequest {
  readonly domain: string;
  readonly userName: string;
  readonly workstation: string;
  readonly serverChallenge: Buffer;
  readonly ntChallengeResponse: Buffer;
}

export type WindowsLogonFailure =
  | 'bad-credentials'
  | 'account-disabled'
  | 'password-expired'
  | 'password-must-change'
  | 'challenge-reused'
  | 'time-skew'
  | 'ntlmv1-refused'
  | 'bad-response';

export type WindowsLogon =
  | { readonly ok: true; readonly user: DirectoryUser }
  | { readonly ok: false; readonly failure: WindowsLogonFailure; /** The dc's own code, e.g. STATUS_WRONG_PASSWORD. */ readonly status: string };

export interface WindowsLogonVerifier {
  verify(request: NetlogonRequest): Promise<WindowsLogon>;
}

/** The dc's codes (docs/identity.md, `/netlogon/ntlm/verify`). Unknown user and wrong password read the same to the client. */
export const failureByStatus: Readonly<Record<string, WindowsLogonFailure>> = {
  STATUS_WRONG_PASSWORD: 'bad-credentials',
  STATUS_NO_SUCH_USER: 'bad-credentials',
  STATUS_ACCOUNT_DISABLED: 'account-disabled',
  STATUS_PASSWORD_EXPIRED: 'password-expired',
  STATUS_PASSWORD_MUST_CHANGE: 'password-must-change',
  NTLM_CHALLENGE_REUSED: 'challenge-reused',
  STATUS_TIME_DIFFERENCE_AT_DC: 'time-skew',
  NTLMV1_REFUSED: 'ntlmv1-refused',
  BAD_NTLM_RESPONSE: 'bad-response',
};

const verifyPath = '/netlogon/ntlm/verify';

/** The hop a pass-through travels, as errors name it: `exchange-onprem → dc.contoso.test (NETLOGON pass-through)`. */
export function netlogonHop(caller: string, dcHost: string): string {
  return `${caller} → ${dcHost} (NETLOGON pass-through)`;
}

function readJson(response: LabResponse): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(response.body);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toLogon(response: LabResponse, hop: string): WindowsLogon {
  const body = readJson(response);
  if (response.status === 200 && typeof body?.objectGUID === 'string' && typeof body.userPrincipalName === 'string') {
    return { ok: true, user: { objectGUID: body.objectGUID, userPrincipalName: body.userPrincipalName } };
  }
  const status = typeof body?.error === 'string' ? body.error : '';
  const failure = failureByStatus[status];
  if ((response.status === 400 || response.status === 401) && failure) return { ok: false, failure, status };
  throw new LabError({ code: 'NETLOGON_FAILED', statusCode: 502, expose: true, message: `the dc answered NTLM pass-through with HTTP ${response.status} ${status || '(no code)'}`, hop });
}

/** Pass-through over HTTPS with the lab client: the lab CA only, and the dc's name checked. `caller` names this server in hops (`adfs`, `exchange-onprem`). */
export function createNetlogonVerifier(http: LabHttpClient, dcHost: string, timeoutMs: number, caller: string): WindowsLogonVerifier {
  const hop = netlogonHop(caller, dcHost);
  return {
    async verify(request) {
      const body = JSON.stringify({
        domain: request.domain,
        userName: request.userName,
        workstation: request.workstation,
        serverChallenge: request.serverChallenge.toString('hex'),
        ntChallengeResponse: request.ntChallengeResponse.toString('base64'),
      });
      let response: LabResponse;
      try {
        response = await http.request(`https://${dcHost}${verifyPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs });
      } catch (error) {
        const reason = error instanceof LabError ? `${error.code}: ${error.message}` : String(error);
        throw new LabError({ code: 'DC_UNREACHABLE', statusCode: 503, expose: true, message: `the dc ${dcHost} cannot be reached to check an NTLM logon (${reason})`, hop, cause: error });
      }
      return toLogon(response, hop);
    },
  };
}
