import type { SignOut } from '../sign-out.ts';
import { escapeHtml, layout } from './layout.ts';

/**
 * The signed-out page ([MS-MWBF] §2.2.5–2.2.6): each relying party gets its
 * `wa=wsignoutcleanup1.0` request as an image, and the page links back only to a
 * registered reply URL.
 */
export function signOutPage(page: SignOut & { readonly nonce: string }): string {
  const cleanups = page.cleanups
    .map((cleanup) => `<li><img src="${escapeHtml(cleanup.url)}" alt=""> ${escapeHtml(cleanup.displayName)}</li>`)
    .join('\n');
  const link = page.continueUrl === undefined ? '' : `\n<p><a id="continueLink" href="${escapeHtml(page.continueUrl)}">Continue</a></p>`;
  const body = `
<h1>You have successfully signed out.</h1>
<p>You were signed out of these applications:</p>
<ul class="cleanup">
${cleanups}
</ul>${link}`;
  return layout({ title: 'Sign Out', nonce: page.nonce, body });
}
