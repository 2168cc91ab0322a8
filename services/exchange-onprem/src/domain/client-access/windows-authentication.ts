import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import { acceptNtlm, type NtlmAcceptor, type NtlmAttempt, type NtlmRefusal, type NtlmStep } from '../../../../../shared/ntlm/server/acceptor.ts';
import { basicOnly, onpremUserFor, unauthorized, type OnpremUser } from './authenticate.ts';

/**
 * IIS Windows authentication in front of Exchange on-premises' EWS and Autodiscover
 * (server-flows §4; docs/hybrid.md): the NTLM handshake of shared/ntlm/server, the same
 * one AD FS runs, over one keep-alive connection. `NTLM <NEGOTIATE>` (or the same in
 * Negotiate, bare or in SPNEGO) gets 401 with the CHALLENGE_MESSAGE; the AUTHENTICATE
 * on that connection goes to the dc's NETLOGON pass-through, which checks the NTLMv2
 * response, one use per challenge, and the account's state. The user the dc names is
 * served as Basic's would be. Every refusal is 401 with IIS's challenges and the reason.
 */
export interface OnpremWindows {
  readonly acceptor: NtlmAcceptor;
  /** Where the AUTHENTICATE_MESSAGE is checked, as refusals name it (shared/ntlm/server/netlogon-verifier.ts). */
  readonly passThroughHop: string;
}

export interface WindowsAttempt extends NtlmAttempt {
  /** Whether the edge relayed the request (its backend connections are pooled, not the client's). */
  readonly relayed: boolean;
}

export interface WindowsAuthenticated {
  readonly user: OnpremUser;
  /** SPNEGO's closing token, for the response, when the client spoke SPNEGO. */
  readonly wwwAuthenticate: string | undefined;
}

/** The dc's codes as IIS reports them; the directory's are named as Basic names them (LOGON_…). */
const logonRefusals: Readonly<Record<string, { readonly code: string; readonly reason: string }>> = {
  STATUS_WRONG_PASSWORD: { code: 'LOGON_BAD_PASSWORD', reason: 'refused the NTLMv2 response (STATUS_WRONG_PASSWORD): a wrong password, or an answer to another challenge than the one sent on this connection' },
  STATUS_NO_SUCH_USER: { code: 'LOGON_NO_SUCH_USER', reason: 'knows no such user (STATUS_NO_SUCH_USER)' },
  STATUS_ACCOUNT_DISABLED: { code: 'LOGON_ACCOUNT_DISABLED', reason: 'says the account is disabled (STATUS_ACCOUNT_DISABLED)' },
  STATUS_PASSWORD_EXPIRED: { code: 'LOGON_PASSWORD_EXPIRED', reason: 'says the password has expired (STATUS_PASSWORD_EXPIRED)' },
  STATUS_PASSWORD_MUST_CHANGE: { code: 'LOGON_PASSWORD_MUST_CHANGE', reason: 'says the password must be changed at next logon (STATUS_PASSWORD_MUST_CHANGE)' },
  NTLM_CHALLENGE_REUSED: { code: 'NTLM_CHALLENGE_REUSED', reason: 'had already taken an answer to this challenge (NTLM_CHALLENGE_REUSED): each challenge is good for one logon' },
  STATUS_TIME_DIFFERENCE_AT_DC: { code: 'LOGON_TIME_SKEW', reason: "refused the response: its time is too far from the dc's (STATUS_TIME_DIFFERENCE_AT_DC)" },
  NTLMV1_REFUSED: { code: 'NTLMV1_REFUSED', reason: 'refused an NTLMv1 response (NTLMV1_REFUSED); send NTLMv2 (LmCompatibilityLevel 3 or higher)' },
  BAD_NTLM_RESPONSE: { code: 'BAD_NTLM_RESPONSE', reason: 'found no NTLMv2 response in the AUTHENTICATE_MESSAGE (BAD_NTLM_RESPONSE)' },
};

function refusalError(refusal: NtlmRefusal, windows: OnpremWindows): LabError {
  switch (refusal.reason) {
    case 'bad-authorization':
      return unauthorized('BAD_AUTHORIZATION', 'the Authorization header is not "NTLM <base64 token>" or "Negotiate <base64 token>"');
    case 'unexpected-message':
      return unauthorized('NTLM_UNEXPECTED_MESSAGE', `the client sent NTLM message type ${refusal.messageType ?? '(none)'}, where a NEGOTIATE (1) or AUTHENTICATE (3) message was expected`);
    case 'kerberos-only':
      return unauthorized('KERBEROS_UNAVAILABLE', "Negotiate offered Kerberos only, and the lab has no KDC: Exchange on-premises takes NTLM, on its own or inside Negotiate", ['NTLM', ...basicOnly]);
    case 'no-challenge-on-connection':
      return unauthorized('NO_CHALLENGE_ON_CONNECTION', 'this connection has no outstanding NTLM challenge: an AUTHENTICATE_MESSAGE must come on the connection that received the CHALLENGE_MESSAGE, and answers it once; start again with a NEGOTIATE_MESSAGE');
    case 'challenge-expired':
      return unauthorized('NTLM_CHALLENGE_EXPIRED', `the NTLM challenge on this connection expired (after ${refusal.lifetimeSeconds} s); start again with a NEGOTIATE_MESSAGE`);
    case 'anonymous':
      return unauthorized('ANONYMOUS_LOGON', 'an anonymous NTLM logon cannot use EWS or Autodiscover');
    case 'logon-failed': {
      const known = logonRefusals[refusal.status] ?? { code: 'NTLM_LOGON_FAILED', reason: `refused the logon (${refusal.status})` };
      return unauthorized(known.code, `NTLM logon failed for ${refusal.account}: the dc (${windows.passThroughHop}) ${known.reason}`);
    }
    case 'extended-protection':
      return refusal.mismatch.kind === 'target-name'
        ? unauthorized('NTLM_TARGET_NAME_MISMATCH', `the NTLM response of ${refusal.account} was made for ${refusal.mismatch.target.slice(0, 256)}, not for Exchange on-premises (${windows.acceptor.servicePrincipalNames.join(', ')}); it may have been relayed`)
        : unauthorized('NTLM_CHANNEL_BINDING_MISMATCH', `the NTLM response of ${refusal.account} is bound to another TLS channel than this connection to Exchange on-premises; it may have been relayed`);
  }
}

/** A malformed message is a failed logon to IIS: 401 with the parser's reason, not the 400 AD FS's page shows. */
async function step(acceptor: NtlmAcceptor, attempt: NtlmAttempt): Promise<NtlmStep> {
  try {
    return await acceptNtlm(acceptor, attempt);
  } catch (error) {
    if (error instanceof LabError && error.code === 'NTLM_MALFORMED_MESSAGE') throw unauthorized(error.code, error.message);
    throw error;
  }
}

/** One round of the handshake: the user, or a 401 (the CHALLENGE_MESSAGE, or why not). */
export async function authenticateWindows(windows: OnpremWindows, attempt: WindowsAttempt, store: Pick<MailboxStore, 'mailbox'>): Promise<WindowsAuthenticated> {
  if (attempt.relayed) {
    throw unauthorized('WINDOWS_AUTH_THROUGH_EDGE', 'NTLM needs one connection from the client to Exchange, and the edge relays over its own pooled connections: Windows authentication works from corp only; through the edge use Basic', basicOnly);
  }
  const result = await step(windows.acceptor, attempt);
  if (result.kind === 'continue') {
    throw unauthorized('NTLM_CHALLENGE', 'the NTLM handshake continues: answer the CHALLENGE_MESSAGE in WWW-Authenticate on this connection', [result.wwwAuthenticate]);
  }
  if (result.kind === 'refused') throw refusalError(result.refusal, windows);
  return { user: onpremUserFor(result.user.userPrincipalName, store), wwwAuthenticate: result.wwwAuthenticate };
}
