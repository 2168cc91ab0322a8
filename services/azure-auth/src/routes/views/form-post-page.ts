import { escapeHtml } from './escape.ts';
import { layout } from './layout.ts';

export interface FormPostPage {
  readonly nonce: string;
  readonly redirectUri: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * OAuth 2.0 Form Post Response Mode §2: an auto-submitting form to the registered
 * redirect URI. The script is nonce-bound; without JavaScript the button does it.
 */
export function formPostPage(page: FormPostPage): string {
  const inputs = Object.entries(page.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const body = `
<h1>Signing you in…</h1>
<form method="post" name="hiddenform" action="${escapeHtml(page.redirectUri)}">
${inputs}
<noscript><p>Script is disabled. Select Continue to finish signing in.</p></noscript>
<div class="actions"><button type="submit">Continue</button></div>
</form>
<script nonce="${escapeHtml(page.nonce)}">document.forms.hiddenform.submit();</script>`;
  return layout({ title: 'Working...', nonce: page.nonce, body });
}
