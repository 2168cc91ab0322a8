import type { CalendarItem, InboxMessage, Mailbox } from '../../../../shared/mailbox/index.ts';
import { html, layout, type Html } from './html.ts';

/** OWA's mailbox page: who is signed in, the Inbox, and today's calendar (identity.md). */
export interface MailboxView {
  readonly mailbox: Mailbox;
  readonly inbox: readonly InboxMessage[];
  readonly today: Date;
  readonly calendar: readonly CalendarItem[];
}

const timeOfDay = (instant: Date): string => instant.toISOString().slice(11, 16);
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function received(instant: Date): Html {
  return html`<time datetime="${instant.toISOString()}">${instant.toISOString().slice(0, 10)} ${timeOfDay(instant)} UTC</time>`;
}

function inboxSection(messages: readonly InboxMessage[]): Html {
  if (!messages.length) return html`<section aria-labelledby="inbox"><h2 id="inbox">Inbox</h2><p class="muted">The Inbox is empty.</p></section>`;
  const rows = messages.map((message) => html`<tr><td>${message.from}</td><td>${message.subject}</td><td>${received(message.received)}</td></tr>\n`);
  return html`<section aria-labelledby="inbox"><h2 id="inbox">Inbox</h2>
<table><thead><tr><th>From</th><th>Subject</th><th>Received</th></tr></thead>
<tbody>
${rows}</tbody></table></section>`;
}

function calendarSection(today: Date, items: readonly CalendarItem[]): Html {
  const heading = html`<h2 id="calendar">Today's calendar</h2><p class="muted">${dayFormat.format(today)} (UTC)</p>`;
  if (!items.length) return html`<section aria-labelledby="calendar">${heading}<p class="muted">Nothing on the calendar today.</p></section>`;
  const rows = items.map(
    (item) => html`<tr><td><time datetime="${item.start.toISOString()}">${timeOfDay(item.start)}</time>–<time datetime="${item.end.toISOString()}">${timeOfDay(item.end)}</time></td><td>${item.subject}</td><td>${item.location ?? ''}</td></tr>\n`,
  );
  return html`<section aria-labelledby="calendar">${heading}
<table><thead><tr><th>Time</th><th>Subject</th><th>Location</th></tr></thead>
<tbody>
${rows}</tbody></table></section>`;
}

export function mailboxPage(view: MailboxView): string {
  const { mailbox } = view;
  const signedIn = html`<strong>${mailbox.displayName}</strong> <span>&lt;${mailbox.primarySmtpAddress}&gt;</span> · <a href="/owa/logoff">Sign out</a>`;
  return layout(`Mail - ${mailbox.displayName} - Outlook`, signedIn, html`${inboxSection(view.inbox)}\n${calendarSection(view.today, view.calendar)}`);
}
