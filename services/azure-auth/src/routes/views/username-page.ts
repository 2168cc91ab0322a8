import { escapeHtml } from './escape.ts';
import { layout } from './layout.ts';
import { errorLine, hiddenFields } from './sign-in-forms.ts';

export interface UsernamePage {
  readonly nonce: string;
  readonly action: string;
  readonly canary: string;
  readonly tenantName: string;
  readonly appName: string;
  readonly login?: string;
  readonly error?: string;
  readonly errorCode?: string;
}

/** Step one: the username, so the realm (managed or federated) is known before any password is typed. */
export function usernamePage(page: UsernamePage): string {
  const body = `
<h1>Sign in</h1>
<p>to continue to ${escapeHtml(page.appName)}</p>
<form method="post" action="${escapeHtml(page.action)}" novalidate>
${hiddenFields('username', page.canary)}
<label for="login">Email or username</label>
<input type="email" id="login" name="login" value="${escapeHtml(page.login ?? '')}" autocomplete="username" autofocus required${page.error ? ' aria-describedby="error"' : ''}>
${errorLine(page.error, page.errorCode)}
<div class="actions"><button type="submit">Next</button></div>
</form>`;
  return layout({ title: 'Sign in to your account', nonce: page.nonce, body, tenantName: page.tenantName });
}
