import type { CalendarPermissionLevel, Mailbox, MailboxStore } from '../../mailbox/index.ts';
import { defaultGrantee } from '../../mailbox/permissions.ts';
import { calendarPermissionLevels } from '../../mailbox/types.ts';

/**
 * Who may see how much of a calendar's free/busy (server-flows §1.6, §2.5, §2.6). The
 * caller decides, per target mailbox, and passes the decision in:
 *  - OAuth and same-organization callers: the requesting user's own calendar folder
 *    permission (their entry, else Default) — `folderPermissionAccess`;
 *  - DAuth: the organization relationship's FreeBusyAccessLevel, capped by the
 *    calendar's Default permission (the requesting user is not looked at) —
 *    `organizationRelationshipAccess`.
 * The engine maps the level to what it shows: None → ErrorNoFreeBusyAccess;
 * AvailabilityOnly → times and busy types; LimitedDetails → also subject and location;
 * Reviewer and above → full details with the item id.
 */
export interface AccessDecision {
  readonly level: CalendarPermissionLevel;
  /** Why, for the answer's error text and the log: "mary@contoso.test's own permission", "Default permission", … */
  readonly basis: string;
}

export type AccessPolicy = (owner: Mailbox) => AccessDecision;

export type FreeBusyDetail = 'none' | 'times' | 'limited' | 'full';

export function detailOf(level: CalendarPermissionLevel): FreeBusyDetail {
  if (level === 'None') return 'none';
  if (level === 'AvailabilityOnly') return 'times';
  if (level === 'LimitedDetails') return 'limited';
  return 'full';
}

function rank(level: CalendarPermissionLevel): number {
  return calendarPermissionLevels.indexOf(level);
}

/** The requesting user's own rights on each target calendar: their entry, else Default; the owner is Owner. */
export function folderPermissionAccess(store: Pick<MailboxStore, 'permissionOf'>, requester: string): AccessPolicy {
  return (owner) => {
    const level = store.permissionOf(owner.primarySmtpAddress, requester);
    return { level, basis: `${requester}'s permission on ${owner.primarySmtpAddress}'s calendar (${level})` };
  };
}

/** The organization relationship's FreeBusyAccessLevel, never more than the calendar's Default permission (domain-based, seed 003 step 8). */
export function organizationRelationshipAccess(store: Pick<MailboxStore, 'permissionOf'>, freeBusyAccessLevel: 'None' | 'AvailabilityOnly' | 'LimitedDetails'): AccessPolicy {
  return (owner) => {
    const defaultLevel = store.permissionOf(owner.primarySmtpAddress, defaultGrantee);
    const level = rank(defaultLevel) < rank(freeBusyAccessLevel) ? defaultLevel : freeBusyAccessLevel;
    return { level, basis: `the organization relationship's FreeBusyAccessLevel ${freeBusyAccessLevel} capped by ${owner.primarySmtpAddress}'s Default permission ${defaultLevel}` };
  };
}
