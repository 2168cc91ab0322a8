import { LabError } from '../../../../../shared/errors/lab-error.ts';

/**
 * Sign-in failures as Azure AD reports them: the AADSTS number is the stable `code`
 * (so the OAuth error_description reads `AADSTS50126: …` as Azure AD's does), the
 * OAuth wire code is `invalid_grant` (RFC 6749 §5.2). Pages show their own words for
 * each code (routes/views/messages.ts).
 */
function signInError(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, wireCode: 'invalid_grant', message });
}

export function unknownUser(userPrincipalName: string, tenantName: string): LabError {
  return signInError('AADSTS50034', `The user account ${userPrincipalName} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`);
}

export function invalidCredentials(): LabError {
  return signInError('AADSTS50126', 'Error validating credentials due to invalid username or password.');
}

export function lockedOut(secondsLeft: number): LabError {
  return signInError('AADSTS50053', `The account is locked because the user tried to sign in too many times with an incorrect user ID or password. Smart lockout lifts in ${secondsLeft} s.`);
}

export function accountDisabled(): LabError {
  return signInError('AADSTS50057', 'The user account is disabled. The account has been disabled by an administrator.');
}

export function passwordExpired(): LabError {
  return signInError('AADSTS50055', 'The password is expired. The user must change the password before signing in.');
}

/** A federated user's password cannot be checked here until AD FS sign-in is configured (issue 4). */
export function federatedNotConfigured(domain: string): LabError {
  return signInError(
    'AADSTS50126',
    `Error validating credentials due to invalid username or password. Note: ${domain} is a federated domain; its users sign in at AD FS, and AD FS sign-in (WS-Trust) is not yet configured in this lab.`,
  );
}
