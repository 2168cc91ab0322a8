import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { ExtendedProtectionMismatch } from '../../../../../shared/ntlm/server/extended-protection.ts';
import { passwordChangeUrl } from '../ws-trust/faults.ts';

/**
 * The Windows sign-in's refusals that another try cannot fix: shown as AD FS's error
 * page (403 or 400) with no new challenge, so the browser stops instead of looping.
 * A wrong password is not here: it gets a new challenge (windows-sign-in.ts).
 */
const hop = 'client → adfs (Windows sign-in)';

function pageError(code: string, statusCode: number, message: string): LabError {
  return new LabError({ code, statusCode, message, expose: true, hop });
}

export function accountDisabled(): LabError {
  return pageError('ACCOUNT_DISABLED', 403, 'Windows sign-in refused: your account is disabled (the dc answered STATUS_ACCOUNT_DISABLED). Contact your administrator.');
}

export function passwordExpired(federationServiceName: string, status: string): LabError {
  return pageError('PASSWORD_EXPIRED', 403, `Windows sign-in refused: your password has expired (the dc answered ${status}). Change it at ${passwordChangeUrl(federationServiceName)} and then sign in again.`);
}

export function ntlmv1Refused(): LabError {
  return pageError('NTLMV1_REFUSED', 403, 'Windows sign-in refused: the client answered with NTLMv1, which this federation service does not accept (the dc answered NTLMV1_REFUSED). Set the client to send NTLMv2 only (LmCompatibilityLevel 3 or higher).');
}

export function badNtlmResponse(status: string): LabError {
  return pageError('BAD_NTLM_RESPONSE', 400, `Windows sign-in refused: the NTLM response is not an NTLMv2 response (the dc answered ${status}).`);
}

export function unexpectedMessage(type: number | undefined): LabError {
  return pageError('NTLM_UNEXPECTED_MESSAGE', 400, `Windows sign-in refused: the client sent NTLM message type ${type ?? '(none)'}, where a NEGOTIATE (1) or AUTHENTICATE (3) message was expected.`);
}

export function badAuthorization(): LabError {
  return pageError('BAD_AUTHORIZATION', 400, 'Windows sign-in refused: the Authorization header is not "NTLM <base64 token>" or "Negotiate <base64 token>".');
}

/** Extended Protection (security.md, NTLM relay): the response names another service, or binds another TLS channel. */
export function extendedProtectionMismatch(mismatch: ExtendedProtectionMismatch, servicePrincipalName: string): LabError {
  if (mismatch.kind === 'target-name') {
    return pageError('NTLM_TARGET_NAME_MISMATCH', 403, `Windows sign-in refused: the NTLM response was made for ${mismatch.target.slice(0, 256)}, not for ${servicePrincipalName}; it may have been relayed`);
  }
  return pageError('NTLM_CHANNEL_BINDING_MISMATCH', 403, 'Windows sign-in refused: the NTLM response is bound to another TLS channel than this connection to the federation service; it may have been relayed');
}
