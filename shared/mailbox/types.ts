import type { MailboxLocation } from '../seed/seed.ts';

/**
 * The mailbox and calendar model shared by Exchange Online and, later, Exchange
 * on-premises. Addresses are SMTP addresses, compared without regard to case
 * (RFC 5321 §2.4 lets the local part be case-sensitive; Exchange never treats it so).
 */
export type { MailboxLocation };

export interface Mailbox {
  readonly primarySmtpAddress: string;
  readonly displayName: string;
  /** Where the mailbox lives: `cloud` (Exchange Online) or `onprem`. */
  readonly location: MailboxLocation;
}

export interface InboxMessage {
  /** The store's id of the message: stable while it exists, unique in the store (EWS builds its ItemId from it). */
  readonly id: number;
  readonly from: string;
  readonly subject: string;
  readonly body: string;
  readonly received: Date;
}

/** One occurrence of a calendar item on a given day. */
export interface CalendarItem {
  /** The store's id of the item (of the recurring master, for a daily item): stable while it exists. */
  readonly id: number;
  /** Whether this is an occurrence of a daily item (the seed's `HH:MM` items) rather than a single one. */
  readonly recurring: boolean;
  readonly subject: string;
  readonly start: Date;
  readonly end: Date;
  readonly location: string | undefined;
  readonly organizer: string;
}

/**
 * Calendar folder permission roles, weakest first (Set-MailboxFolderPermission
 * -AccessRights; free/busy sharing reads AvailabilityOnly and LimitedDetails).
 */
export const calendarPermissionLevels = ['None', 'AvailabilityOnly', 'LimitedDetails', 'Reviewer', 'Editor', 'Owner'] as const;
export type CalendarPermissionLevel = (typeof calendarPermissionLevels)[number];

export function isCalendarPermissionLevel(value: string): value is CalendarPermissionLevel {
  return (calendarPermissionLevels as readonly string[]).includes(value);
}

/** Exchange's level for the `Default` user of a new calendar: free/busy times only. */
export const defaultCalendarPermission: CalendarPermissionLevel = 'AvailabilityOnly';
