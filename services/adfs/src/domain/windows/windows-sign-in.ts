import { ntlmSchemes, type NtlmScheme } from '../../../../../shared/ntlm/http-authorization.ts';
import { acceptNtlm, type NtlmAcceptor, type NtlmRefusal } from '../../../../../shared/ntlm/server/acceptor.ts';
import type { ConnectionChallenges } from '../../../../../shared/ntlm/server/connection-challenges.ts';
import type { WindowsLogonFailure } from '../../../../../shared/ntlm/server/netlogon-verifier.ts';
import type { DirectoryUser } from '../credentials/credential-checker.ts';
import { issueWresult } from '../passive/sign-in.ts';
import type { SignInRequest } from '../passive/sign-in-request.ts';
import { windowsAuthentication, windowsRequestContext } from '../request-context.ts';
import type { AdfsRuntime } from '../runtime.ts';
import { accountDisabled, badAuthorization, badNtlmResponse, extendedProtectionMismatch, ntlmv1Refused, passwordExpired, unexpectedMessage } from './errors.ts';

/**
 * Windows integrated sign-in on `/adfs/ls/` (docs/federation.md, F5): the NTLM
 * handshake of server-flows §4 over one keep-alive connection (shared/ntlm/server),
 * the AUTHENTICATE_MESSAGE passed through to the dc, then the same SAML answer as forms
 * sign-in but with AuthenticationMethod windows and insidecorporatenetwork=true
 * (client-flows §1.5). Each step returns what the route sends; refusals no retry can
 * fix throw a page error.
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

function refuseLogon(runtime: AdfsRuntime, failure: WindowsLogonFailure, status: string): WindowsStep {
  const retry = retryText[failure];
  if (retry) return offerAll(retry, status);
  if (failure === 'account-disabled') throw accountDisabled();
  if (failure === 'ntlmv1-refused') throw ntlmv1Refused();
  if (failure === 'password-expired' || failure === 'password-must-change') throw passwordExpired(runtime.config.federationServiceName, status);
  throw badNtlmResponse(status);
}

/** AD FS's answer to each refusal: a new challenge with the reason on the page, or a page error. */
function refuse(runtime: AdfsRuntime, refusal: NtlmRefusal): WindowsStep {
  switch (refusal.reason) {
    case 'bad-authorization':
      throw badAuthorization();
    case 'unexpected-message':
      throw unexpectedMessage(refusal.messageType);
    case 'kerberos-only':
      return { kind: 'offer', schemes: ['NTLM'], errorText: 'Windows sign-in with Kerberos is not available here; this federation service signs in with NTLM.', code: 'KERBEROS_UNAVAILABLE' };
    case 'no-challenge-on-connection':
      return offerAll('Windows sign-in failed: this connection has no outstanding challenge (NTLM must stay on the connection that asked for it). Try again.', 'NO_CHALLENGE_ON_CONNECTION');
    case 'challenge-expired':
      return offerAll(`Windows sign-in failed: the challenge expired (after ${refusal.lifetimeSeconds} s). Try again.`, 'NTLM_CHALLENGE_EXPIRED');
    case 'anonymous':
      return offerAll('Windows sign-in failed: an anonymous NTLM logon cannot sign in.', 'ANONYMOUS_LOGON');
    case 'logon-failed':
      return refuseLogon(runtime, refusal.failure, refusal.status);
    case 'extended-protection':
      throw extendedProtectionMismatch(refusal.mismatch, runtime.config.windows.servicePrincipalName);
  }
}

function acceptorOf(runtime: AdfsRuntime, challenges: ConnectionChallenges): NtlmAcceptor {
  const windows = runtime.config.windows;
  return { names: windows, servicePrincipalNames: [windows.servicePrincipalName], challengeLifetimeSeconds: windows.challengeLifetimeSeconds, challenges, logon: runtime.windowsLogon, clock: runtime.config.clock };
}

/** One round of the handshake for a request that carries `Authorization: NTLM|Negotiate …`. */
export async function continueWindowsSignIn(runtime: AdfsRuntime, challenges: ConnectionChallenges, attempt: WindowsAttempt): Promise<WindowsStep> {
  const step = await acceptNtlm(acceptorOf(runtime, challenges), attempt);
  if (step.kind === 'continue') return step;
  if (step.kind === 'refused') return refuse(runtime, step.refusal);
  const wresult = issueWresult(runtime, attempt.signIn, step.user, windowsRequestContext, windowsAuthentication.samlAuthenticationMethod);
  return { kind: 'issued', wresult, user: step.user, wwwAuthenticate: step.wwwAuthenticate };
}
