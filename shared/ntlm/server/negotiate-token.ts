import { isRawNtlmssp, type NtlmScheme } from '../http-authorization.ts';
import { encodeNegTokenResp, mechanismOids, negStates, parseSpnego } from '../spnego.ts';
import { malformed } from '../wire.ts';

/**
 * What a Negotiate or NTLM token carries for a lab server, which speaks NTLM only (no
 * Kerberos: the lab has no KDC). `NTLM` tokens and bare NTLMSSP in `Negotiate` are
 * NTLM as they are; SPNEGO ([RFC 4178]) is unwrapped when it offers NTLMSSP, and
 * answered in kind.
 */
export type NegotiateContent =
  | { readonly kind: 'ntlm'; readonly message: Buffer; readonly spnego: boolean }
  /** SPNEGO listing NTLMSSP, but not first: ask the client to continue with it. */
  | { readonly kind: 'select-ntlm'; readonly answer: Buffer }
  /** SPNEGO without NTLMSSP (Kerberos only): nothing the server can answer in Negotiate. */
  | { readonly kind: 'no-ntlm' };

export function readNegotiateContent(scheme: NtlmScheme, token: Buffer): NegotiateContent {
  if (isRawNtlmssp(token)) return { kind: 'ntlm', message: token, spnego: false };
  if (scheme === 'NTLM') throw malformed('an NTLM token does not start with NTLMSSP\\0');
  const spnego = parseSpnego(token);
  if (spnego.kind === 'resp') {
    if (!spnego.responseToken) throw malformed('the SPNEGO NegTokenResp carries no responseToken');
    return { kind: 'ntlm', message: spnego.responseToken, spnego: true };
  }
  if (!spnego.mechTypes.includes(mechanismOids.ntlmssp)) return { kind: 'no-ntlm' };
  if (spnego.mechTypes[0] === mechanismOids.ntlmssp && spnego.mechToken) return { kind: 'ntlm', message: spnego.mechToken, spnego: true };
  return { kind: 'select-ntlm', answer: encodeNegTokenResp(negStates.acceptIncomplete) };
}

/** An NTLM token on its way back, wrapped as the client's was. */
export function wrapForClient(message: Buffer, spnego: boolean): Buffer {
  return spnego ? encodeNegTokenResp(negStates.acceptIncomplete, message) : message;
}

/** SPNEGO's closing NegTokenResp (accept-completed), sent with the 200. */
export const spnegoCompleted = (): Buffer => encodeNegTokenResp(negStates.acceptCompleted, undefined, undefined);
