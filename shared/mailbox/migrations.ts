import type { Migration } from '../store/database.ts';

/**
 * The mailbox database (`mailboxes.sqlite`). Calendar items keep their time of day in
 * minutes after midnight UTC and a day only when they happen once: the seed's
 * `HH:MM` items recur on every lab day, so they are stored once with `on_day` NULL
 * and each day's occurrence is computed on read (see calendar.ts for why).
 */
export const mailboxMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE mailboxes (
        id INTEGER PRIMARY KEY,
        primary_smtp TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        location TEXT NOT NULL CHECK (location IN ('cloud', 'onprem'))
      );
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        folder TEXT NOT NULL CHECK (folder IN ('inbox')),
        sender TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        received TEXT NOT NULL
      );
      CREATE INDEX messages_by_folder ON messages (mailbox_id, folder, received);
      CREATE TABLE calendar_items (
        id INTEGER PRIMARY KEY,
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        location TEXT,
        organizer TEXT NOT NULL,
        start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
        end_minute INTEGER NOT NULL CHECK (end_minute > start_minute AND end_minute <= 1440),
        on_day TEXT
      );
      CREATE INDEX calendar_items_by_mailbox ON calendar_items (mailbox_id, on_day);
      CREATE TABLE calendar_permissions (
        mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        grantee TEXT NOT NULL COLLATE NOCASE,
        level TEXT NOT NULL CHECK (level IN ('None', 'AvailabilityOnly', 'LimitedDetails', 'Reviewer', 'Editor', 'Owner')),
        PRIMARY KEY (mailbox_id, grantee)
      );
    `,
  },
];
