import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { readAuthorization } from '../../../../../shared/http/authorization-header.ts';
import type { DirectoryLogon, DirectoryLogonFailure } from '../../../../../shared/ldap/directory-logon.ts';
import type { Mailbox, MailboxStore } from '../../../../../shared/mailbox/index.ts';

/**
 * Who is calling Exchange on-premises' EWS or Autodiscover (IIS authentication in front
 * of them). No credentials is 401 with IIS's three challenges — `Negotiate`, `NTLM`,
 * `Basic Realm=""`. Basic: the password checked by the dc (a simple bind over LDAPS, as
 * AD FS does). NTLM and Negotiate: windows-authentication.ts. Every refused logon is
 * 401, as IIS answers; the text names the dc's reason and the hop.
 */
export interface OnpremUser {
  readonly upn: string;
  /** The caller's own mailbox here, when they have one; a caller without one may still ask about others. */
  readonly mailbox: Mailbox | undefined;
  /** The SMTP address their calendar permissions are granted to. */
  readonly address: string;
}

export type PasswordCheck = (userName: string, password: string) => Promise<DirectoryLogon>;

export const iisChallenges = ['Negotiate', 'NTLM', 'Basic Realm=""'] as const;
export const basicOnly = ['Basic Realm=""'] as const;
const hop = 'client → exchange-onprem (IIS authentication)';

const reasons: Readonly<Record<DirectoryLogonFailure, string>> = {
  'no-such-user': 'the dc knows no such user (data 525)',
  'bad-password': 'the dc refused the password (data 52e)',
  'account-disabled': 'the account is disabled (data 533)',
  'password-expired': 'the password has expired (data 532)',
  'password-must-change': 'the password must be changed at next logon (data 773)',
};

/** IIS's 401: the challenges to send again, the code and why, on the authentication hop. */
export function unauthorized(code: string, message: string, challenges: readonly string[] = iisChallenges): LabError {
  return new LabError({ code, statusCode: 401, message, hop, challenges });
}

/** The user the dc named, with their mailbox here when they have one. */
export function onpremUserFor(upn: string, store: Pick<MailboxStore, 'mailbox'>): OnpremUser {
  const mailbox = store.mailbox(upn);
  return { upn, mailbox, address: mailbox?.primarySmtpAddress ?? upn };
}

/** Basic, or 401. A Windows scheme reaching here is one the caller does not run (hybrid management runs Basic only). */
export async function authenticateOnprem(authorization: string | undefined, checkPassword: PasswordCheck, store: Pick<MailboxStore, 'mailbox'>): Promise<OnpremUser> {
  const credentials = readAuthorization(authorization);
  if (credentials.scheme === 'malformed-basic') throw unauthorized('BASIC_MALFORMED', credentials.problem);
  if (credentials.scheme !== 'basic') throw unauthorized('AUTHENTICATION_REQUIRED', credentials.scheme === 'none' && credentials.offered ? `the ${credentials.offered} scheme is not accepted here; use Basic` : 'the request has no credentials');
  const logon = await checkPassword(credentials.userName, credentials.password);
  if (!logon.ok) throw unauthorized(`LOGON_${logon.failure.toUpperCase().replaceAll('-', '_')}`, `logon failed for ${credentials.userName.slice(0, 256)}: ${reasons[logon.failure]}`);
  return onpremUserFor(logon.user.userPrincipalName, store);
}
