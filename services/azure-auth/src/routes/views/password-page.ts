import { escapeHtml } from './escape.ts';
import { layout } from './layout.ts';
import { errorLine, hiddenFields, switchUserForm } from './sign-in-forms.ts';

export interface PasswordPage {
  readonly nonce: string;
  readonly action: string;
  readonly canary: string;
  readonly tenantName: string;
  readonly username: string;
  readonly error?: string;
  readonly errorCode?: string;
}

/** Step two, for managed domains: the password of the username chosen in step one. */
export function passwordPage(page: PasswordPage): string {
  const body = `
<div class="identity">${escapeHtml(page.username)}</div>
<h1>Enter password</h1>
<form method="post" action="${escapeHtml(page.action)}" novalidate>
${hiddenFields('password', page.canary)}
<label for="passwd">Password</label>
<input type="password" id="passwd" name="passwd" autocomplete="current-password" autofocus required${page.error ? ' aria-describedby="error"' : ''}>
${errorLine(page.error, page.errorCode)}
<div class="actions"><button type="submit">Sign in</button></div>
</form>
${switchUserForm(page.action, page.canary)}`;
  return layout({ title: 'Enter password', nonce: page.nonce, body, tenantName: page.tenantName });
}
