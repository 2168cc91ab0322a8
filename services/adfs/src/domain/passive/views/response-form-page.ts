import { escapeHtml, layout } from './layout.ts';

export interface ResponseFormPage {
  readonly nonce: string;
  /** A reply URL registered for the relying party. */
  readonly replyUrl: string;
  /** The RSTR, as XML text; the page HTML-encodes it. */
  readonly wresult: string;
  /** Echoed when the request had one ([MS-MWBF] §2.2.4). */
  readonly wctx: string | undefined;
}

/**
 * The passive response of client-flows §1.4 ([MS-MWBF] §3.1.5.4.7): `hiddenform` posts
 * `wa`, `wresult` and `wctx` to the relying party. A nonce-bound script submits it; a
 * noscript button does when script is off.
 */
export function responseFormPage(page: ResponseFormPage): string {
  const wctx = page.wctx === undefined ? '' : `\n<input type="hidden" name="wctx" value="${escapeHtml(page.wctx)}">`;
  const body = `
<h1>Working...</h1>
<form method="POST" name="hiddenform" action="${escapeHtml(page.replyUrl)}">
<input type="hidden" name="wa" value="wsignin1.0">
<input type="hidden" name="wresult" value="${escapeHtml(page.wresult)}">${wctx}
<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript>
</form>
<script nonce="${escapeHtml(page.nonce)}">document.forms.hiddenform.submit();</script>`;
  return layout({ title: 'Working...', nonce: page.nonce, body });
}
