import { parseAuthenticateMessage } from '../../../../../shared/ntlm/authenticate-message.ts';
import { ntlmSchemes, readSchemeToken, wwwAuthenticate, type NtlmScheme } from '../../../../../shared/ntlm/http-authorization.ts';
import { parseNegotiateMessage } from '../../../../../shared/ntlm/negotiate-message.ts';
import { parseNtlmv2Response } from '../../../../../shared/ntlm/ntlmv2.ts';
import { messageTypeOf, messageTypes } from '../../../../../shared/ntlm/wire.ts';
import type { DirectoryUser } from '../credentials/credential-checker.ts';
import type { WindowsLogonFailure } from '../credentials/netlogon-pass-through.ts';
import { issueWresult } from '../passive/sign-in.ts';
import type { SignInRequest } from '../passive/sign-in-request.ts';
import { windowsAuthentication, windowsRequestContext } from '../request-context.ts';
import type { AdfsRuntime } from '../runtime.ts';
import { issueChallenge } from './challenge.ts';
import type { ConnectionChallenges, PendingChallenge } from './connection-challenges.ts';
import { accountDisabled, badAuthorization, badNtlmResponse, ntlmv1Refused, passwordExpired, unexpectedMessage } from './errors.ts';
import { checkExtendedProtection } from './extended-protection.ts';
import { readNegotiateContent, spnegoCompleted, wrapForClient } from './negotiate-token.ts';

/**
 * Windows integrated sign-in on `/adfs/ls/` (docs/federation.md, F5): the NTLM
 * handshake of server-flows §4 over one keep-alive connection, the AUTHENTICATE_MESSAGE
 * passed through to the dc, then the same SAML answer as forms sign-in but with
 * AuthenticationMethod windows and insidecorporatenetwork=true (client-flows §1.5).
 * Each step returns what the route sends; refusals no retry can fix throw a page error.
 */
export type WindowsStep =
  /** 401 with the schemes AD FS takes, and a page for browsers that cannot. */
  | { readonly kind: 'offer'; readonly schemes: readonly NtlmScheme[]; readonly errorText: string; readonly code: string | undefined }
  /** 401 carrying the next token of the handshake. */
  | { readonly kind: 'continue'; readonly wwwAuthenticate: string }
  | { readonly kind: 'issued'; readonly wresult: string; readonly user: DirectoryUser; readonly wwwAuthenticate: string | undefined };

export interface WindowsAttempt {
  readonly authorization: string;
  /** The TCP connection (its socket): NTLM answers only the challenge sent on it. */
  readonly connection: object;
  readonly signIn: SignInRequest;
  /** This TLS connection's MsvAvChannelBindings value (shared/ntlm/channel-bindings.ts); undefined off TLS. */
  readonly channelBindingsHash: Buffer | undefined;
}

export const offerAll = (errorText = '', code?: string): WindowsStep => ({ kind: 'offer', schemes: ntlmSchemes, errorText, code });

const incorrectText = 'Windows sign-in failed: incorrect user ID or password. Sign in to Windows with the right account, or sign in with a user name and password.';

/** Failures another handshake may fix: a new challenge, with the reason on the page. */
const retryText: Partial<Record<WindowsLogonFailure, string>> = {
  'bad-credentials': incorrectText,
  'challenge-reused': 'Windows sign-in failed: the dc refused the response because its challenge was already used (NTLM_CHALLENGE_REUSED). Try again.',
  'time-skew': "Windows sign-in failed: the dc refused the response because its time is too far from the dc's (STATUS_TIME_DIFFERENCE_AT_DC).",
};

function answerNegotiate(runtime: AdfsRuntime, challenges: ConnectionChallenges, attempt: WindowsAttempt, scheme: NtlmScheme, message: Buffer, spnego: boolean): WindowsStep {
  const now = runtime.config.clock();
  const { serverChallenge, message: challenge } = issueChallenge(parseNegotiateMessage(message), runtime.config.windows, now);
  challenges.issue(attempt.connection, { serverChallenge, spnego, expiresAtMs: now.getTime() + runtime.config.windows.challengeLifetimeSeconds * 1000 });
  return { kind: 'continue', wwwAuthenticate: wwwAuthenticate(scheme, wrapForClient(challenge, spnego)) };
}

function refuseLogon(runtime: AdfsRuntime, failure: WindowsLogonFailure, status: string): WindowsStep {
  const retry = retryText[failure];
  if (retry) return offerAll(retry, status);
  if (failure === 'account-disabled') throw accountDisabled();
  if (failure === 'ntlmv1-refused') throw ntlmv1Refused();
  if (failure === 'password-expired' || failure === 'password-must-change') throw passwordExpired(runtime.config.federationServiceName, status);
  throw badNtlmResponse(status);
}

async function answerAuthenticate(runtime: AdfsRuntime, challenge: PendingChallenge, attempt: WindowsAttempt, scheme: NtlmScheme, message: Buffer): Promise<WindowsStep> {
  const authenticate = parseAuthenticateMessage(message);
  if (authenticate.ntChallengeResponse.length === 0 || authenticate.userName === '') return offerAll('Windows sign-in failed: an anonymous NTLM logon cannot sign in.', 'ANONYMOUS_LOGON');
  const logon = await runtime.windowsLogon.verify({
    domain: authenticate.domain,
    userName: authenticate.userName,
    workstation: authenticate.workstation,
    serverChallenge: challenge.serverChallenge,
    ntChallengeResponse: authenticate.ntChallengeResponse,
  });
  if (!logon.ok) return refuseLogon(runtime, logon.failure, logon.status);
  // The dc accepted the NTProofStr, so the blob (and its AV pairs) is the client's own.
  checkExtendedProtection(parseNtlmv2Response(authenticate.ntChallengeResponse)!, { servicePrincipalName: runtime.config.windows.servicePrincipalName, channelBindingsHash: attempt.channelBindingsHash });
  const wresult = issueWresult(runtime, attempt.signIn, logon.user, windowsRequestContext, windowsAuthentication.samlAuthenticationMethod);
  return { kind: 'issued', wresult, user: logon.user, wwwAuthenticate: challenge.spnego ? wwwAuthenticate(scheme, spnegoCompleted()) : undefined };
}

/** One round of the handshake for a request that carries `Authorization: NTLM|Negotiate …`. */
export async function continueWindowsSignIn(runtime: AdfsRuntime, challenges: ConnectionChallenges, attempt: WindowsAttempt): Promise<WindowsStep> {
  const schemeToken = readSchemeToken(attempt.authorization);
  if (!schemeToken) throw badAuthorization();
  const content = readNegotiateContent(schemeToken.scheme, schemeToken.token);
  if (content.kind === 'no-ntlm') return { kind: 'offer', schemes: ['NTLM'], errorText: 'Windows sign-in with Kerberos is not available here; this federation service signs in with NTLM.', code: 'KERBEROS_UNAVAILABLE' };
  if (content.kind === 'select-ntlm') return { kind: 'continue', wwwAuthenticate: wwwAuthenticate('Negotiate', content.answer) };
  const type = messageTypeOf(content.message);
  if (type === messageTypes.negotiate) return answerNegotiate(runtime, challenges, attempt, schemeToken.scheme, content.message, content.spnego);
  if (type !== messageTypes.authenticate) throw unexpectedMessage(type);
  const taken = challenges.take(attempt.connection, runtime.config.clock().getTime());
  if (taken.kind === 'none') return offerAll('Windows sign-in failed: this connection has no outstanding challenge (NTLM must stay on the connection that asked for it). Try again.', 'NO_CHALLENGE_ON_CONNECTION');
  if (taken.kind === 'expired') return offerAll(`Windows sign-in failed: the challenge expired (after ${runtime.config.windows.challengeLifetimeSeconds} s). Try again.`, 'NTLM_CHALLENGE_EXPIRED');
  return answerAuthenticate(runtime, taken.challenge, attempt, schemeToken.scheme, content.message);
}
