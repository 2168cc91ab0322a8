import { escapeHtml } from './escape.ts';

/** The hidden fields every sign-in form carries: the step it submits and the CSRF token. */
export function hiddenFields(step: string, canary: string): string {
  return `<input type="hidden" name="step" value="${escapeHtml(step)}"><input type="hidden" name="canary" value="${escapeHtml(canary)}">`;
}

export function errorLine(message: string | undefined, code: string | undefined): string {
  if (!message) return '';
  return `<div class="error" id="error" role="alert">${escapeHtml(message)}</div>${code ? `<div class="detail">Error code: ${escapeHtml(code)}</div>` : ''}`;
}

/** "Sign in with a different account": back to the username step of the same flow. */
export function switchUserForm(action: string, canary: string): string {
  return `<form method="post" action="${escapeHtml(action)}">${hiddenFields('switch-user', canary)}<button type="submit" class="link">Sign in with a different account</button></form>`;
}
