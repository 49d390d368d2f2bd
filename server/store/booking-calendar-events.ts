/** Bookings written into members' own calendars (migration 0022): one row per booking and member. */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';

export interface BookingCalendarEvent {
  bookingId: string;
  memberId: string;
  /** The calendar's URL, as the member's config named it when the event was written. */
  calendar: string;
  href: string;
  etag: string | null;
}

export async function readCalendarEvents(db: Kysely<Database>, bookingId: string): Promise<BookingCalendarEvent[]> {
  const rows = await db.selectFrom('booking_calendar_events').selectAll().where('booking_id', '=', bookingId).orderBy('member_id').execute();
  return rows.map((row) => ({ bookingId: row.booking_id, memberId: row.member_id, calendar: row.calendar, href: row.href, etag: row.etag }));
}

/** Whether the booking has an event in anyone's calendar: a change to it then has calendars to bring in line. */
export async function hasCalendarEvents(db: Kysely<Database>, bookingId: string): Promise<boolean> {
  const row = await db.selectFrom('booking_calendar_events').select('member_id').where('booking_id', '=', bookingId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Which of `bookingIds` have an event in someone's calendar. */
export async function bookingsWithCalendarEvents(db: Kysely<Database>, bookingIds: readonly string[]): Promise<string[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db.selectFrom('booking_calendar_events').select('booking_id').distinct().where('booking_id', 'in', [...bookingIds]).orderBy('booking_id').execute();
  return rows.map((r) => r.booking_id);
}

export async function saveCalendarEvent(db: Kysely<Database>, event: BookingCalendarEvent, now: number): Promise<void> {
  const values = { calendar: event.calendar, href: event.href, etag: event.etag, updated_at: toStored(now) };
  await db
    .insertInto('booking_calendar_events')
    .values({ booking_id: event.bookingId, member_id: event.memberId, ...values })
    .onConflict((oc) => oc.columns(['booking_id', 'member_id']).doUpdateSet(values))
    .execute();
}

export async function forgetCalendarEvent(db: Kysely<Database>, bookingId: string, memberId: string): Promise<void> {
  await db.deleteFrom('booking_calendar_events').where('booking_id', '=', bookingId).where('member_id', '=', memberId).execute();
}
