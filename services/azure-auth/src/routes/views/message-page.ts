import { escapeHtml } from './escape.ts';
import { layout } from './layout.ts';
import { switchUserForm } from './sign-in-forms.ts';

export interface MessagePage {
  readonly nonce: string;
  readonly title: string;
  readonly message: string;
  readonly code?: string;
  /** The technical message, shown small for whoever debugs the flow. */
  readonly detail?: string;
  readonly correlationId?: string;
  /** Offers "Sign in with a different account" when the flow can go on. */
  readonly switchUser?: { readonly action: string; readonly canary: string };
  readonly tenantName?: string;
}

/** A page that ends or pauses the sign-in: an error, or a federated domain not yet served. */
export function messagePage(page: MessagePage): string {
  const details = [page.code && `Error code: ${page.code}`, page.detail, page.correlationId && `Correlation id: ${page.correlationId}`].filter((line): line is string => Boolean(line));
  const body = `
<h1>${escapeHtml(page.title)}</h1>
<p class="error" role="alert">${escapeHtml(page.message)}</p>
${details.length ? `<div class="detail">${details.map((line) => `<div>${escapeHtml(line)}</div>`).join('')}</div>` : ''}
${page.switchUser ? switchUserForm(page.switchUser.action, page.switchUser.canary) : ''}`;
  return layout({ title: page.title, nonce: page.nonce, body, tenantName: page.tenantName });
}
