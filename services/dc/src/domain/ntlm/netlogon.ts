import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { accountRestriction } from '../account-state.ts';
import { dateOfFileTime } from '../ad-time.ts';
import { isThisDomain } from '../bind-name.ts';
import type { DirectoryUser } from '../directory/model.ts';
import type { DirectoryStore } from '../directory/store.ts';
import type { ChallengeLedger } from './challenge-ledger.ts';
import { ntlmv1ResponseLength, parseNtlmv2Response, verifyNtlmv2, type Ntlmv2Response } from '../../../../../shared/ntlm/ntlmv2.ts';

/**
 * NTLM pass-through, the NETLOGON role (docs/identity.md, dc): a server hands the dc
 * what the client sent, and the dc, which alone holds the NT hash, says who it is.
 * Each step makes one check, in the order a DC makes them.
 */
export interface NetlogonRequest {
  readonly domain: string;
  readonly userName: string;
  readonly workstation?: string;
  readonly serverChallenge: string;
  readonly ntChallengeResponse: string;
}

/** MaxLifetime of a challenge/response pair ([MS-NLMP] §3.1.1.1; Windows uses 36 hours). */
export const maxLifetimeMs = 36 * 60 * 60 * 1000;

const restrictionStatus = { ACCOUNT_DISABLED: 'STATUS_ACCOUNT_DISABLED', PASSWORD_EXPIRED: 'STATUS_PASSWORD_EXPIRED', PASSWORD_MUST_CHANGE: 'STATUS_PASSWORD_MUST_CHANGE' } as const;

function refused(code: string, message: string, statusCode = 401): LabError {
  return new LabError({ code, statusCode, message });
}

function decodeResponse(request: NetlogonRequest): Ntlmv2Response {
  const bytes = Buffer.from(request.ntChallengeResponse, 'base64');
  if (bytes.length === ntlmv1ResponseLength) throw refused('NTLMV1_REFUSED', 'NTLMv1 responses are refused; the dc accepts NTLMv2 only', 400);
  const response = parseNtlmv2Response(bytes);
  if (!response) throw refused('BAD_NTLM_RESPONSE', 'ntChallengeResponse is not an NTLMv2 response (NTProofStr followed by an NTLMv2_CLIENT_CHALLENGE)', 400);
  return response;
}

/** The user as NTLM names it: `DOMAIN` + sAMAccountName, or a UPN with an empty domain. */
function findLogonUser(store: DirectoryStore, request: NetlogonRequest): DirectoryUser {
  const user =
    request.domain === '' && request.userName.includes('@')
      ? store.userByPrincipalName(request.userName)
      : isThisDomain(store.naming, request.domain)
        ? store.userBySamAccountName(request.userName)
        : undefined;
  if (!user) throw refused('STATUS_NO_SUCH_USER', `no user ${request.domain}\\${request.userName} in this domain`);
  return user;
}

function checkTimestamp(response: Ntlmv2Response, nowMs: number): void {
  const skew = Math.abs(dateOfFileTime(response.timestamp).getTime() - nowMs);
  if (skew > maxLifetimeMs) throw refused('STATUS_TIME_DIFFERENCE_AT_DC', 'the NTLMv2 response is older than its lifetime or from the future');
}

function checkProof(user: DirectoryUser, request: NetlogonRequest, response: Ntlmv2Response): void {
  // NTOWFv2 uses the names exactly as the client sent them (user upper-cased).
  if (!verifyNtlmv2(user.ntHash, request.userName, request.domain, Buffer.from(request.serverChallenge, 'hex'), response)) {
    throw refused('STATUS_WRONG_PASSWORD', 'the NTLMv2 response does not match the password');
  }
}

function consumeChallenge(ledger: ChallengeLedger, user: DirectoryUser, request: NetlogonRequest, response: Ntlmv2Response, nowMs: number): void {
  const expiresAt = dateOfFileTime(response.timestamp).getTime() + maxLifetimeMs;
  if (!ledger.consume(request.serverChallenge, user.objectGUID, expiresAt, nowMs)) {
    throw refused('NTLM_CHALLENGE_REUSED', 'this server challenge was already answered for this user; each challenge is good for one logon');
  }
}

function checkAccount(user: DirectoryUser): void {
  const restriction = accountRestriction(user);
  if (restriction) throw refused(restrictionStatus[restriction], `the account cannot log on: ${restrictionStatus[restriction]}`);
}

export function verifyNetlogon(store: DirectoryStore, ledger: ChallengeLedger, request: NetlogonRequest): DirectoryUser {
  const nowMs = store.clock().getTime();
  const response = decodeResponse(request);
  const user = findLogonUser(store, request);
  checkProof(user, request, response);
  checkTimestamp(response, nowMs);
  consumeChallenge(ledger, user, request, response, nowMs);
  checkAccount(user);
  return user;
}
