import { ConfigError } from '../errors/lab-error.ts';
import type { Seed, SeedMailbox } from '../seed/seed.ts';
import { transaction, type Database } from '../store/database.ts';
import { minuteOfDay } from './calendar.ts';
import { defaultGrantee } from './permissions.ts';
import { defaultCalendarPermission, isCalendarPermissionLevel, type Mailbox } from './types.ts';

/**
 * Fills an empty store with `owners`' mailboxes and their contents from the seed's
 * `mailboxes` section (identity.md: first start only, so later edits persist). Each
 * service passes the owners whose mailboxes it hosts. An owner the seed has no
 * contents for gets an empty mailbox. Returns how many mailboxes were created.
 *
 * The seed gives messages no time: the first arrives an hour before `now`, each
 * next one an hour earlier, so the inbox lists them in seed order.
 */
const hourMs = 3_600_000;
const empty: SeedMailbox = { inbox: [], calendar: [] };

function contentsOf(seed: Seed, address: string): SeedMailbox {
  const key = Object.keys(seed.mailboxes).find((candidate) => candidate.toLowerCase() === address.toLowerCase());
  return key ? (seed.mailboxes[key] ?? empty) : empty;
}

function permissionsOf(address: string, contents: SeedMailbox): [string, string][] {
  const entries = Object.entries(contents.calendarPermissions ?? {});
  for (const [grantee, level] of entries) {
    if (!isCalendarPermissionLevel(level)) throw new ConfigError('LAB_SEED', `has calendar permission "${level}" for ${grantee} on ${address}; expected None, AvailabilityOnly, LimitedDetails, Reviewer, Editor or Owner`);
  }
  const hasDefault = entries.some(([grantee]) => grantee.toLowerCase() === defaultGrantee.toLowerCase());
  return hasDefault ? entries : [[defaultGrantee, defaultCalendarPermission], ...entries];
}

function insertMailbox(database: Database, owner: Mailbox, contents: SeedMailbox, now: Date): void {
  const address = owner.primarySmtpAddress.toLowerCase();
  const { lastInsertRowid: id } = database.prepare('INSERT INTO mailboxes (primary_smtp, display_name, location) VALUES (?, ?, ?)').run(address, owner.displayName, owner.location);
  const message = database.prepare("INSERT INTO messages (mailbox_id, folder, sender, subject, body, received) VALUES (?, 'inbox', ?, ?, ?, ?)");
  contents.inbox.forEach((item, index) => message.run(id, item.from, item.subject, item.body, new Date(now.getTime() - (index + 1) * hourMs).toISOString()));
  const event = database.prepare('INSERT INTO calendar_items (mailbox_id, subject, location, organizer, start_minute, end_minute, on_day) VALUES (?, ?, ?, ?, ?, ?, NULL)');
  for (const item of contents.calendar) event.run(id, item.subject, item.location ?? null, address, minuteOfDay(item.start), minuteOfDay(item.end));
  const permission = database.prepare('INSERT INTO calendar_permissions (mailbox_id, grantee, level) VALUES (?, ?, ?)');
  for (const [grantee, level] of permissionsOf(address, contents)) permission.run(id, grantee === defaultGrantee ? grantee : grantee.toLowerCase(), level);
}

export function seedMailboxes(database: Database, seed: Seed, owners: readonly Mailbox[], now: Date): number {
  const { count } = database.prepare('SELECT count(*) AS count FROM mailboxes').get() as { count: number };
  if (count > 0) return 0;
  return transaction(database, () => {
    for (const owner of owners) insertMailbox(database, owner, contentsOf(seed, owner.primarySmtpAddress), now);
    return owners.length;
  });
}
