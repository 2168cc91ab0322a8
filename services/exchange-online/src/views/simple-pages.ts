import { html, layout } from './html.ts';

/** A signed-in user with no mailbox here: say so plainly (identity.md). */
export function noMailboxPage(user: { readonly name: string; readonly upn: string }): string {
  const signedIn = html`<strong>${user.name}</strong> <span>&lt;${user.upn}&gt;</span> · <a href="/owa/logoff">Sign out</a>`;
  return layout(
    'No mailbox - Outlook',
    signedIn,
    html`<section><h2>No mailbox</h2>
<p>You signed in as <strong>${user.upn}</strong>, but there is no Exchange Online mailbox for this account.</p>
<p class="muted">Only users with a cloud mailbox can use Outlook on the web here. A user whose mailbox is on-premises uses the organization's own Outlook on the web.</p></section>`,
  );
}

export function signedOutPage(): string {
  return layout(
    'Signed out - Outlook',
    html`<a href="/owa/">Sign in</a>`,
    html`<section><h2>You have signed out</h2><p>Your Outlook session has ended. <a href="/owa/">Sign in again</a>.</p>
<p class="muted">Your sign-in at login.microsoftonline.test may still be active.</p></section>`,
  );
}
