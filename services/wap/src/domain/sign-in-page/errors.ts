import { LabError } from '../../../../../shared/errors/lab-error.ts';

/** The hop every sign-in page error names: what AD FS answered the WAP. */
export const adfsHop = 'wap → adfs';

/** AD FS answered the sign-in request with a forms page the WAP cannot read or trust. */
export function adfsPageUnreadable(why: string, cause?: unknown): LabError {
  return new LabError({ code: 'ADFS_SIGN_IN_PAGE_UNREADABLE', statusCode: 502, expose: true, message: `AD FS's forms sign-in page cannot be shown by the Web Application Proxy: ${why}`, hop: adfsHop, cause });
}

/** AD FS's answer to a sign-in request is larger than any sign-in page. */
export function adfsPageTooLarge(maxBytes: number): LabError {
  return new LabError({ code: 'ADFS_SIGN_IN_PAGE_TOO_LARGE', statusCode: 502, expose: true, message: `AD FS answered the sign-in request with more than ${maxBytes} bytes of HTML`, hop: adfsHop });
}
