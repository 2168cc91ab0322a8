import type { Seed } from '../seed/seed.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { calendarFor } from './calendar.ts';
import { inbox } from './inbox.ts';
import { findMailbox, listMailboxes } from './mailbox.ts';
import { mailboxMigrations } from './migrations.ts';
import { permissionOf } from './permissions.ts';
import { seedMailboxes } from './seed-mailboxes.ts';
import type { CalendarItem, CalendarPermissionLevel, InboxMessage, Mailbox } from './types.ts';

/**
 * A mailbox and calendar store in a service's state directory (`mailboxes.sqlite`).
 * Exchange Online hosts the cloud mailboxes in it; Exchange on-premises will host
 * its own in its own state directory. Owners are SMTP addresses, any case.
 */
export interface MailboxStore {
  /** Creates `owners`' mailboxes from the seed if the store is empty; returns how many. */
  seed(seed: Seed, owners: readonly Mailbox[], now: Date): number;
  mailbox(address: string): Mailbox | undefined;
  mailboxes(): Mailbox[];
  inbox(owner: string): InboxMessage[];
  /** Occurrences on the UTC day containing `day`. */
  calendarFor(owner: string, day: Date): CalendarItem[];
  permissionOf(owner: string, viewer: string): CalendarPermissionLevel;
  close(): void;
}

export function openMailboxStore(stateDir: string): MailboxStore {
  const database: Database = openDatabase(stateDir, 'mailboxes', mailboxMigrations);
  return {
    seed: (seed, owners, now) => seedMailboxes(database, seed, owners, now),
    mailbox: (address) => findMailbox(database, address),
    mailboxes: () => listMailboxes(database),
    inbox: (owner) => inbox(database, owner),
    calendarFor: (owner, day) => calendarFor(database, owner, day),
    permissionOf: (owner, viewer) => permissionOf(database, owner, viewer),
    close: () => database.close(),
  };
}
