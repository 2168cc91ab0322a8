import { escapeXml as escapeHtml } from '../../../../../../shared/xml/escape.ts';
import type { AdfsFormsPage, HiddenField } from '../adfs-forms-page.ts';
import { wapPageStyle } from './style.ts';

export interface WapSignInPage {
  /** The response's CSP nonce, for the inline style; the page runs no script. */
  readonly nonce: string;
  /** The federation service the user signs in to (fs.contoso.test). */
  readonly federationService: string;
  readonly adfs: AdfsFormsPage;
}

/** Fields the WAP page renders itself (client-flows §1.3); AD FS's own copies are not repeated. */
const contractFields = new Set(['UserName', 'Password', 'Kmsi', 'AuthMethod']);

function hiddenInput(field: HiddenField): string {
  return `<input name="${escapeHtml(field.name)}" type="hidden" value="${escapeHtml(field.value)}">`;
}

/** Who the user is signing in for: AD FS's name for the relying party, else the realm of the request. */
function relyingPartyOf(adfs: AdfsFormsPage): string | undefined {
  if (adfs.relyingParty) return adfs.relyingParty;
  return new URLSearchParams(adfs.action.split('?')[1] ?? '').get('wtrealm') ?? undefined;
}

/**
 * The Web Application Proxy's own sign-in page for external users (design §1, flow F4):
 * its own frame and words, the form contract of client-flows §1.3 unchanged — loginForm
 * posting to AD FS's action, UserName, Password, Kmsi, hidden AuthMethod, the error in
 * errorText — and AD FS's hidden fields carried over, so AD FS checks the POST as if it
 * had rendered the page. Every value is escaped for text and double-quoted attributes
 * (security.md, reflected XSS): the action's wctx and the user name above all.
 */
export function wapSignInPage(page: WapSignInPage): string {
  const { adfs } = page;
  const relyingParty = relyingPartyOf(adfs);
  const hidden = adfs.hiddenFields.filter((field) => !contractFields.has(field.name)).map(hiddenInput).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Web Application Proxy</title>
<style nonce="${escapeHtml(page.nonce)}">${wapPageStyle}</style>
</head>
<body>
<header id="wapBanner">Web Application Proxy<small>Contoso remote access</small></header>
<main>
<h1>Sign in to ${escapeHtml(page.federationService)}</h1>
${relyingParty ? `<p class="realm">You are signing in to <strong id="relyingParty">${escapeHtml(relyingParty)}</strong>.</p>` : ''}
<form method="post" id="loginForm" action="${escapeHtml(adfs.action)}">
<span id="errorText" class="error" role="alert">${escapeHtml(adfs.errorText)}</span>
<label for="userNameInput">User ID (someone@example.com or domain\\user)</label>
<input id="userNameInput" name="UserName" type="text" value="${escapeHtml(adfs.userName)}" autocomplete="username" spellcheck="false" required>
<label for="passwordInput">Password</label>
<input id="passwordInput" name="Password" type="password" value="" autocomplete="current-password" required>
<div class="kmsi"><input id="kmsiInput" name="Kmsi" type="checkbox" value="true"> <label for="kmsiInput">Keep me signed in</label></div>
<input id="authMethod" name="AuthMethod" type="hidden" value="FormsAuthentication">
${hidden}
<button type="submit" id="submitButton">Sign in</button>
</form>
<footer>You are outside the corporate network. Contoso's federation service (AD FS) checks this sign-in; the Web Application Proxy only relays it.</footer>
</main>
</body>
</html>
`;
}
