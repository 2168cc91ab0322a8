import type { DirectoryUser } from '../../ldap/directory-logon.ts';
import { parseAuthenticateMessage, type AuthenticateMessage } from '../authenticate-message.ts';
import { readSchemeToken, wwwAuthenticate, type NtlmScheme } from '../http-authorization.ts';
import { parseNegotiateMessage } from '../negotiate-message.ts';
import { parseNtlmv2Response } from '../ntlmv2.ts';
import { messageTypeOf, messageTypes } from '../wire.ts';
import { issueChallenge, type NtlmServerNames } from './challenge.ts';
import type { ConnectionChallenges, PendingChallenge } from './connection-challenges.ts';
import { checkExtendedProtection, type ExtendedProtectionMismatch } from './extended-protection.ts';
import { readNegotiateContent, spnegoCompleted, wrapForClient } from './negotiate-token.ts';
import type { WindowsLogonFailure, WindowsLogonVerifier } from './netlogon-verifier.ts';

/**
 * The server side of NTLM over HTTP (server-flows §4; [MS-NTHT]), as AD FS and Exchange
 * on-premises run it: one round of the handshake per request. A NEGOTIATE_MESSAGE gets a
 * fresh challenge, remembered on the connection; an AUTHENTICATE_MESSAGE on that same
 * connection is passed through to the dc (NTLMv2 only, one use per challenge), then
 * checked for Extended Protection. Each step says what happened; each server decides
 * how to answer it (AD FS a page, IIS in front of Exchange a 401). A malformed message
 * throws the 400 `NTLM_MALFORMED_MESSAGE` of shared/ntlm/wire.ts.
 */
export interface NtlmAcceptor {
  readonly names: NtlmServerNames;
  /** The SPNs a client may name in MsvAvTargetName (`HTTP/` + each host name clients use). */
  readonly servicePrincipalNames: readonly string[];
  /** How long a CHALLENGE_MESSAGE waits for its AUTHENTICATE_MESSAGE. */
  readonly challengeLifetimeSeconds: number;
  readonly challenges: ConnectionChallenges;
  readonly logon: WindowsLogonVerifier;
  readonly clock: () => Date;
}

export interface NtlmAttempt {
  /** The request's `Authorization: NTLM|Negotiate …` header. */
  readonly authorization: string;
  /** The TCP connection (its socket): NTLM answers only the challenge sent on it. */
  readonly connection: object;
  /** This TLS connection's MsvAvChannelBindings value (channel-bindings.ts); undefined off TLS. */
  readonly channelBindingsHash: Buffer | undefined;
}

/** Why no user came out of this round; `account` is who the AUTHENTICATE_MESSAGE named (`DOMAIN\user` or a UPN). */
export type NtlmRefusal =
  | { readonly reason: 'bad-authorization' }
  | { readonly reason: 'unexpected-message'; readonly messageType: number | undefined }
  /** SPNEGO offering Kerberos only; the lab has no KDC. */
  | { readonly reason: 'kerberos-only' }
  | { readonly reason: 'no-challenge-on-connection' }
  | { readonly reason: 'challenge-expired'; readonly lifetimeSeconds: number }
  | { readonly reason: 'anonymous' }
  /** The dc refused the response; `status` is its own code, e.g. STATUS_WRONG_PASSWORD. */
  | { readonly reason: 'logon-failed'; readonly failure: WindowsLogonFailure; readonly status: string; readonly account: string }
  | { readonly reason: 'extended-protection'; readonly mismatch: ExtendedProtectionMismatch; readonly account: string };

export type NtlmStep =
  /** 401 carrying the next token of the handshake. */
  | { readonly kind: 'continue'; readonly wwwAuthenticate: string }
  /** The dc said who it is; SPNEGO's closing token, when the client spoke SPNEGO, goes with the answer. */
  | { readonly kind: 'authenticated'; readonly user: DirectoryUser; readonly account: string; readonly wwwAuthenticate: string | undefined }
  | { readonly kind: 'refused'; readonly refusal: NtlmRefusal };

const refused = (refusal: NtlmRefusal): NtlmStep => ({ kind: 'refused', refusal });

function answerNegotiate(acceptor: NtlmAcceptor, attempt: NtlmAttempt, scheme: NtlmScheme, message: Buffer, spnego: boolean): NtlmStep {
  const now = acceptor.clock();
  const { serverChallenge, message: challenge } = issueChallenge(parseNegotiateMessage(message), acceptor.names, now);
  acceptor.challenges.issue(attempt.connection, { serverChallenge, spnego, expiresAtMs: now.getTime() + acceptor.challengeLifetimeSeconds * 1000 });
  return { kind: 'continue', wwwAuthenticate: wwwAuthenticate(scheme, wrapForClient(challenge, spnego)) };
}

function accountOf(authenticate: AuthenticateMessage): string {
  return (authenticate.domain ? `${authenticate.domain}\\${authenticate.userName}` : authenticate.userName).slice(0, 256);
}

async function answerAuthenticate(acceptor: NtlmAcceptor, challenge: PendingChallenge, attempt: NtlmAttempt, scheme: NtlmScheme, message: Buffer): Promise<NtlmStep> {
  const authenticate = parseAuthenticateMessage(message);
  if (authenticate.ntChallengeResponse.length === 0 || authenticate.userName === '') return refused({ reason: 'anonymous' });
  const account = accountOf(authenticate);
  const logon = await acceptor.logon.verify({
    domain: authenticate.domain,
    userName: authenticate.userName,
    workstation: authenticate.workstation,
    serverChallenge: challenge.serverChallenge,
    ntChallengeResponse: authenticate.ntChallengeResponse,
  });
  if (!logon.ok) return refused({ reason: 'logon-failed', failure: logon.failure, status: logon.status, account });
  // The dc accepted the NTProofStr, so the blob (and its AV pairs) is the client's own.
  const mismatch = checkExtendedProtection(parseNtlmv2Response(authenticate.ntChallengeResponse)!, { servicePrincipalNames: acceptor.servicePrincipalNames, channelBindingsHash: attempt.channelBindingsHash });
  if (mismatch) return refused({ reason: 'extended-protection', mismatch, account });
  return { kind: 'authenticated', user: logon.user, account, wwwAuthenticate: challenge.spnego ? wwwAuthenticate(scheme, spnegoCompleted()) : undefined };
}

/** One round of the handshake for a request that carries `Authorization: NTLM|Negotiate …`. */
export async function acceptNtlm(acceptor: NtlmAcceptor, attempt: NtlmAttempt): Promise<NtlmStep> {
  const schemeToken = readSchemeToken(attempt.authorization);
  if (!schemeToken) return refused({ reason: 'bad-authorization' });
  const content = readNegotiateContent(schemeToken.scheme, schemeToken.token);
  if (content.kind === 'no-ntlm') return refused({ reason: 'kerberos-only' });
  if (content.kind === 'select-ntlm') return { kind: 'continue', wwwAuthenticate: wwwAuthenticate('Negotiate', content.answer) };
  const type = messageTypeOf(content.message);
  if (type === messageTypes.negotiate) return answerNegotiate(acceptor, attempt, schemeToken.scheme, content.message, content.spnego);
  if (type !== messageTypes.authenticate) return refused({ reason: 'unexpected-message', messageType: type });
  const taken = acceptor.challenges.take(attempt.connection, acceptor.clock().getTime());
  if (taken.kind === 'none') return refused({ reason: 'no-challenge-on-connection' });
  if (taken.kind === 'expired') return refused({ reason: 'challenge-expired', lifetimeSeconds: acceptor.challengeLifetimeSeconds });
  return answerAuthenticate(acceptor, taken.challenge, attempt, schemeToken.scheme, content.message);
}
