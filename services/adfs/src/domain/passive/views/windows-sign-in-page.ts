import { escapeHtml, layout } from './layout.ts';

export interface WindowsSignInPage {
  readonly nonce: string;
  readonly relyingParty: string;
  /** The same request with `wauth` asking for forms sign-in. */
  readonly formsUrl: string;
  /** Empty on the first challenge; why the last attempt failed otherwise. */
  readonly errorText: string;
}

/**
 * The body of AD FS's 401 with `WWW-Authenticate: Negotiate` and `NTLM`. A browser that
 * signs in to Windows silently never shows it; one that cannot shows it, and its link
 * leads to the forms page instead.
 */
export function windowsSignInPage(page: WindowsSignInPage): string {
  const body = `
<h1>Sign in with Windows</h1>
<p>${escapeHtml(page.relyingParty)}</p>
<span id="errorText" class="error" role="alert">${escapeHtml(page.errorText)}</span>
<p>This federation service signs you in with your Windows account. If your browser did not, <a id="formsSignInLink" href="${escapeHtml(page.formsUrl)}">sign in with a user name and password</a>.</p>`;
  return layout({ title: 'Sign In', nonce: page.nonce, body });
}
