import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { LogonFailure } from '../credentials/credential-checker.ts';
import { ns } from './namespaces.ts';

/**
 * The WS-Trust faults AD FS answers with (client-flows §1.6; docs/federation.md).
 * `wireCode` is the SOAP 1.2 Subcode as a QName; `statusCode` says what went wrong
 * (4xx: the caller, a Sender fault; 5xx: AD FS or the dc, a Receiver fault), while on
 * the wire every fault is HTTP 500, as AD FS sends it. Reasons are the same for every
 * refused logon that a password guesser could tell apart, so they reveal nothing.
 */
export const subcodeNamespaces: Readonly<Record<string, string>> = {
  'a:FailedAuthentication': ns.trust13,
  'a:FailedAuthentication.ExpiredPassword': ns.trust13,
  'a:RequestFailed': ns.trust13,
  'a:InvalidRequest': ns.trust13,
  'a:InvalidSecurity': ns.trust13,
  // WS-Addressing 1.0 SOAP Binding §6.4.1, as WCF answers an unknown action.
  'a:ActionNotSupported': ns.wsa,
};

const requestFailed = 'MSIS3127: The specified request failed.';

function fault(code: string, statusCode: number, subcode: string, message: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode, wireCode: subcode, message, expose: true, cause });
}

/** A request that is not a usable RST: the message names what is wrong. */
export function malformedRequest(what: string, cause?: unknown): LabError {
  return fault('MALFORMED_REQUEST', 400, 'a:InvalidRequest', `The request is not a valid WS-Trust RequestSecurityToken: ${what}.`, cause);
}

export function actionNotSupported(action: string, expected: string): LabError {
  const shown = action.length > 200 ? `${action.slice(0, 200)}…` : action;
  return fault('ACTION_NOT_SUPPORTED', 400, 'a:ActionNotSupported', `The message with Action '${shown}' cannot be processed at this endpoint, which takes '${expected}'.`);
}

export function invalidTimestamp(problem: string): LabError {
  return fault('INVALID_TIMESTAMP', 401, 'a:InvalidSecurity', `${requestFailed} The security Timestamp ${problem}; check the client's clock.`);
}

export function unknownRelyingParty(appliesTo: string): LabError {
  const shown = appliesTo.length > 200 ? `${appliesTo.slice(0, 200)}…` : appliesTo;
  return fault('UNKNOWN_RELYING_PARTY', 400, 'a:RequestFailed', `${requestFailed} MSIS7007: The requested relying party trust '${shown}' is unspecified or unsupported.`);
}

/** Where a user whose password expired changes it; Exchange takes the first https URL of the reason ([EXO] FederatedSTS.cs). */
export function passwordChangeUrl(federationServiceName: string): string {
  return `https://${federationServiceName}/adfs/portal/updatepassword/`;
}

/** A refused logon: 52e, 525 and 533 alike are FailedAuthentication; 532 and 773 are ExpiredPassword. */
export function logonRefused(failure: LogonFailure, federationServiceName: string): LabError {
  if (failure === 'password-expired' || failure === 'password-must-change') {
    return fault('PASSWORD_EXPIRED', 401, 'a:FailedAuthentication.ExpiredPassword', `${requestFailed} The user's password has expired; change it at ${passwordChangeUrl(federationServiceName)}`, { logonFailure: failure });
  }
  return fault('FAILED_AUTHENTICATION', 401, 'a:FailedAuthentication', requestFailed, { logonFailure: failure });
}
