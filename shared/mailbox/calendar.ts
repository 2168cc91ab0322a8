import type { Database } from '../store/database.ts';
import { mailboxIdOf } from './mailbox.ts';
import type { CalendarItem } from './types.ts';

/**
 * Calendar items are stored once, with their time of day, and each day's occurrences
 * are computed on read. Why not one row per date: the store is seeded on first start
 * only and then persists across restarts, while the seed's `HH:MM` items belong to
 * every lab day (seed: "times are local to each lab day (UTC)"). Rows for the seeding
 * day would be stale the next morning, and rows for future days would need a job to
 * keep making them. A daily-recurring item expanded on read is also what Exchange
 * does: a recurring master with its pattern, occurrences expanded by CalendarView.
 * An item with `on_day` set happens on that day only.
 */
const minuteMs = 60_000;

/** The UTC date of `instant` as `YYYY-MM-DD`. */
export function labDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** `HH:MM` (UTC) as minutes after midnight. */
export function minuteOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** `owner`'s calendar on the UTC day that contains `day`, earliest first. */
export function calendarFor(database: Database, owner: string, day: Date): CalendarItem[] {
  const date = labDay(day);
  const midnight = Date.parse(`${date}T00:00:00Z`);
  return database
    .prepare('SELECT id, subject, location, organizer, start_minute, end_minute, on_day FROM calendar_items WHERE mailbox_id = ? AND (on_day IS NULL OR on_day = ?) ORDER BY start_minute, end_minute, id')
    .all(mailboxIdOf(database, owner), date)
    .map((row) => ({
      id: Number(row.id),
      recurring: row.on_day === null,
      subject: String(row.subject),
      start: new Date(midnight + Number(row.start_minute) * minuteMs),
      end: new Date(midnight + Number(row.end_minute) * minuteMs),
      location: row.location === null ? undefined : String(row.location),
      organizer: String(row.organizer),
    }));
}
