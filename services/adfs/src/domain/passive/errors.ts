import { LabError } from '../../../../../shared/errors/lab-error.ts';

/**
 * The errors of passive sign-in (client-flows §1.2–1.4, §1.9). Each is shown to the
 * browser as an HTML page with its code, and never as a redirect: a request AD FS
 * cannot trust has no reply URL it may be sent to (security.md, open redirect).
 */

/** What the page shows of a caller's value: enough to recognise it, never a wall of text. */
function shown(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

function pageError(code: string, statusCode: number, message: string): LabError {
  return new LabError({ code, statusCode, message, expose: true });
}

// AD FS's MSIS7000 is its message for a passive request that breaks the protocol's rules.
const notCompliant = 'MSIS7000: The sign in request is not compliant to the WS-Federation language for web browser clients';

export function missingParameter(name: string): LabError {
  return pageError('MISSING_PARAMETER', 400, `${notCompliant}: the parameter '${name}' is missing.`);
}

export function invalidParameter(name: string, problem: string): LabError {
  return pageError('INVALID_PARAMETER', 400, `${notCompliant}: the parameter '${name}' ${problem}.`);
}

export function unsupportedAction(wa: string, supported: readonly string[]): LabError {
  return invalidParameter('wa', `has the unsupported value '${shown(wa)}'; this endpoint takes ${supported.join(' or ')}`);
}

export function unknownRelyingParty(wtrealm: string): LabError {
  return pageError('UNKNOWN_RELYING_PARTY', 400, `MSIS7007: The requested relying party trust '${shown(wtrealm)}' is unspecified or unsupported.`);
}

export function noReplyUrl(identifier: string): LabError {
  return pageError('NO_REPLY_URL', 400, `The relying party trust '${identifier}' has no reply URL for passive sign-in.`);
}

export function unregisteredReplyUrl(wreply: string, identifier: string): LabError {
  return pageError('UNREGISTERED_REPLY_URL', 400, `The wreply '${shown(wreply)}' is not a reply URL registered for the relying party trust '${identifier}'.`);
}

/** A POST that did not come from the page AD FS rendered in this browser (security.md, login CSRF). */
export function antiForgeryRejected(reason: string): LabError {
  return pageError('ANTI_FORGERY_REJECTED', 403, `The sign-in form could not be verified (${reason}). Go back to the application and sign in again.`);
}

/** `from` names the poster: an Origin, or what Sec-Fetch-Site said. */
export function crossOriginPost(from: string): LabError {
  return pageError('CROSS_ORIGIN_POST', 403, `The sign-in form was posted from ${shown(from)}, not from this federation service's own page.`);
}
