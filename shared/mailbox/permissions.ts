import type { Database } from '../store/database.ts';
import { findMailbox, mailboxIdOf } from './mailbox.ts';
import { defaultCalendarPermission, type CalendarPermissionLevel } from './types.ts';

/** The grantee name of the permission entry that applies to every other user. */
export const defaultGrantee = 'Default';

/**
 * The level `viewer` holds on `owner`'s calendar, as Exchange resolves it: the owner
 * is Owner of their own calendar, then the viewer's own entry, then `Default`.
 */
export function permissionOf(database: Database, owner: string, viewer: string): CalendarPermissionLevel {
  const mailboxId = mailboxIdOf(database, owner);
  if (findMailbox(database, owner)?.primarySmtpAddress.toLowerCase() === viewer.trim().toLowerCase()) return 'Owner';
  const levelOf = (grantee: string): CalendarPermissionLevel | undefined =>
    (database.prepare('SELECT level FROM calendar_permissions WHERE mailbox_id = ? AND grantee = ?').get(mailboxId, grantee) as { level: CalendarPermissionLevel } | undefined)?.level;
  return levelOf(viewer.trim()) ?? levelOf(defaultGrantee) ?? defaultCalendarPermission;
}
