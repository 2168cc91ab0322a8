import type { Database } from '../store/database.ts';
import { mailboxIdOf } from './mailbox.ts';
import type { InboxMessage } from './types.ts';

/** The messages in `owner`'s Inbox folder, newest first. */
export function inbox(database: Database, owner: string): InboxMessage[] {
  return database
    .prepare("SELECT id, sender, subject, body, received FROM messages WHERE mailbox_id = ? AND folder = 'inbox' ORDER BY received DESC, id")
    .all(mailboxIdOf(database, owner))
    .map((row) => ({ id: Number(row.id), from: String(row.sender), subject: String(row.subject), body: String(row.body), received: new Date(String(row.received)) }));
}
