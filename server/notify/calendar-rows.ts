/**
 * The outbox's part in writing bookings into members' own calendars (`booking/write-calendars.ts`
 * does the writing): one row per booking change that concerns a calendar. The row says only which
 * booking: its handler brings every calendar in line with the booking as it is when the row runs,
 * so rows run late, twice or out of order still end with the calendars right.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { outboxRow } from './enqueue.js';
import { isoText } from './mail-booking.js';
import type { CalendarSync } from './calendar-sync.js';
import type { Outcome } from './outbox.js';

/**
 * What the worker asks of whoever writes calendars (the process wires it: notify knows no
 * calendar server). `lastAttempt`: the outbox will not try this row again after a failure now.
 */
export type CalendarHandler = (call: { bookingId: string; lastAttempt: boolean; now: number }) => Promise<Outcome>;

/** `dueAt`: when the row may run, `now` unless the caller must let something finish first. */
export async function enqueueCalendarSync(trx: Kysely<Database>, bookingId: string, topic: string, now: number, dueAt = now): Promise<void> {
  const sync: CalendarSync = { kind: 'calendar' };
  await trx.insertInto('outbox').values(outboxRow(bookingId, sync, `calendar.${topic}`, isoText(now), isoText(dueAt))).execute();
}
