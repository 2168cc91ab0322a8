import { escapeHtml, layout } from './layout.ts';

export interface SignInPage {
  readonly nonce: string;
  /** `/adfs/ls/` with the request's own query: the POST carries the same request (client-flows §1.3). */
  readonly action: string;
  readonly relyingParty: string;
  readonly userName: string;
  readonly antiForgeryField: string;
  readonly antiForgeryValue: string;
  /** Empty when the page is shown for the first time. */
  readonly errorText: string;
}

/**
 * The forms sign-in page of client-flows §1.3 ([S2A] testdata/ADFS.html): `loginForm`
 * with `UserName`, `Password`, `Kmsi` and the hidden `AuthMethod`, the error in
 * `errorText`, plus the anti-forgery value. It runs no script.
 */
export function signInPage(page: SignInPage): string {
  const body = `
<h1>Sign in</h1>
<p id="relyingParty">${escapeHtml(page.relyingParty)}</p>
<form method="post" id="loginForm" action="${escapeHtml(page.action)}">
<span id="errorText" class="error" role="alert">${escapeHtml(page.errorText)}</span>
<label for="userNameInput">User ID (someone@example.com or domain\\user)</label>
<input id="userNameInput" name="UserName" type="text" value="${escapeHtml(page.userName)}" autocomplete="username" spellcheck="false" required>
<label for="passwordInput">Password</label>
<input id="passwordInput" name="Password" type="password" value="" autocomplete="current-password" required>
<div class="kmsi"><input id="kmsiInput" name="Kmsi" type="checkbox" value="true"> <label for="kmsiInput">Keep me signed in</label></div>
<input id="authMethod" name="AuthMethod" type="hidden" value="FormsAuthentication">
<input id="antiForgery" name="${escapeHtml(page.antiForgeryField)}" type="hidden" value="${escapeHtml(page.antiForgeryValue)}">
<button type="submit" id="submitButton">Sign in</button>
</form>`;
  return layout({ title: 'Sign In', nonce: page.nonce, body });
}
