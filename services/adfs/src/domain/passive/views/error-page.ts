import { escapeHtml, layout } from './layout.ts';

export interface ErrorPage {
  readonly nonce: string;
  /** Already the public text: the LabError's message when it may be shown, else a pointer to the log. */
  readonly message: string;
  readonly code: string;
  readonly activityId: string;
}

/** AD FS's error page: what went wrong, its code and the activity (correlation) id; never a redirect. */
export function errorPage(page: ErrorPage): string {
  const body = `
<h1>An error occurred</h1>
<p id="errorMessage">${escapeHtml(page.message)}</p>
<p class="detail">Error code: <span id="errorCode">${escapeHtml(page.code)}</span><br>Activity ID: ${escapeHtml(page.activityId)}</p>`;
  return layout({ title: 'Sign In', nonce: page.nonce, body });
}
