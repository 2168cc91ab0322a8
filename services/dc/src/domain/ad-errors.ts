import { LabError } from '../../../../shared/errors/lab-error.ts';

/**
 * The dc's errors as LabErrors: `wireCode` is the LDAP resultCode (RFC 4511 §4.1.9),
 * `message` is AD's diagnostic text, which LDAP clients show verbatim, and
 * `statusCode` is the HTTP analogue for the same failure on the dc's HTTPS side.
 */
export const ldapResultCode = {
  operationsError: 1,
  sizeLimitExceeded: 4,
  unavailableCriticalExtension: 12,
  noSuchAttribute: 16,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  noSuchObject: 32,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  unwillingToPerform: 53,
} as const;

function ldapError(code: string, result: number, statusCode: number, message: string): LabError {
  return new LabError({ code, statusCode, message, wireCode: String(result) });
}

/** Why a logon failed, with AD's `data` code in the bind diagnostic ([MS-ADTS]; Windows error codes). */
export const logonFailureData = {
  NO_SUCH_USER: '525',
  BAD_PASSWORD: '52e',
  ACCOUNT_DISABLED: '533',
  PASSWORD_EXPIRED: '532',
  PASSWORD_MUST_CHANGE: '773',
} as const;

export type LogonFailure = keyof typeof logonFailureData;

export function isLogonFailure(code: string): code is LogonFailure {
  return Object.hasOwn(logonFailureData, code);
}

/** invalidCredentials (49) with the diagnostic AD sends, e.g. `…, data 52e, v4563`. */
export function logonFailed(failure: LogonFailure): LabError {
  return ldapError(failure, ldapResultCode.invalidCredentials, 401, `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${logonFailureData[failure]}, v4563`);
}

export function bindRequired(): LabError {
  return ldapError('BIND_REQUIRED', ldapResultCode.operationsError, 401, '000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563');
}

export function unicodePwdNeedsTls(): LabError {
  return ldapError('CONFIDENTIALITY_REQUIRED', ldapResultCode.unwillingToPerform, 403, '0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM)');
}

export function insufficientAccessRights(): LabError {
  return ldapError('INSUFFICIENT_ACCESS_RIGHTS', ldapResultCode.insufficientAccessRights, 403, '00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0');
}

export function unwillingToPerform(what: string): LabError {
  return ldapError('UNWILLING_TO_PERFORM', ldapResultCode.unwillingToPerform, 400, `0000052D: SvcErr: DSID-031A1236, problem 5003 (WILL_NOT_PERFORM), data 0 (${what})`);
}

export function noSuchObject(bestMatch: string): LabError {
  return ldapError('NO_SUCH_OBJECT', ldapResultCode.noSuchObject, 404, `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${bestMatch}'\n`);
}

/** constraintViolation on unicodePwd: 00000056 is a wrong old password, 0000052D a password the policy refuses. */
export function passwordConstraint(windowsError: '00000056' | '0000052D'): LabError {
  const code = windowsError === '00000056' ? 'WRONG_OLD_PASSWORD' : 'PASSWORD_RESTRICTION';
  return ldapError(code, ldapResultCode.constraintViolation, 400, `${windowsError}: AtrErr: DSID-03190F80, #1:\n\t0: ${windowsError}: DSID-03190F80, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n`);
}

export function attributeProblem(kind: 'exists' | 'missing' | 'single-valued', attribute: string): LabError {
  if (kind === 'exists') return ldapError('ATTRIBUTE_OR_VALUE_EXISTS', ldapResultCode.attributeOrValueExists, 409, `00002083: AtrErr: DSID-03151818, #1:\n\t0: 00002083: DSID-03151818, problem 1006 (ATT_OR_VALUE_EXISTS), data 0, Att (${attribute})\n`);
  if (kind === 'missing') return ldapError('NO_SUCH_ATTRIBUTE', ldapResultCode.noSuchAttribute, 400, `00002085: AtrErr: DSID-03152D2C, #1:\n\t0: 00002085: DSID-03152D2C, problem 1001 (NO_ATTRIBUTE_OR_VAL), data 0, Att (${attribute})\n`);
  return ldapError('CONSTRAINT_VIOLATION', ldapResultCode.constraintViolation, 400, `00002082: AtrErr: DSID-031519B1, #1:\n\t0: 00002082: DSID-031519B1, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att (${attribute}) is single-valued\n`);
}

/** AD refuses a userPrincipalName another object holds (ERROR_DS_UPN_VALUE_NOT_UNIQUE_IN_FOREST). */
export function upnNotUnique(): LabError {
  return ldapError('UPN_NOT_UNIQUE', ldapResultCode.constraintViolation, 409, '000021C8: AtrErr: DSID-03200BD4, #1:\n\t0: 000021C8: DSID-03200BD4, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 90290 (userPrincipalName)\n');
}

export function unsupportedCriticalControl(oid: string): LabError {
  return ldapError('UNAVAILABLE_CRITICAL_EXTENSION', ldapResultCode.unavailableCriticalExtension, 400, `00000057: LdapErr: DSID-0C090A3D, comment: Error processing control ${oid}, data 0, v4563`);
}
