/**
 * One booking as the people who run the team see it (docs/http-api.md, "Booking detail"): the
 * booking, what happened to it (its activity entries, notifications included, oldest first) and
 * the emails about it. A member sees only the bookings they are assigned to; any other is `404`,
 * as if it did not exist.
 */
import type { Actor } from '../store/activity.js';
import { readActivity, type ActivityEntry } from '../store/activity-stream.js';
import type { Booking } from '../store/booking.js';
import { emailsAbout, type BookingEmail } from '../store/booking-emails.js';
import { existingBooking } from '../booking/booking-change.js';
import type { BookingDeps } from '../booking/booking-deps.js';

/**
 * More entries than a booking gathers in practice (each change is a person's act, and the
 * customer's are rate limited): the detail shows them all rather than paging.
 */
const MAX_ENTRIES = 1000;

export interface BookingDetail {
  booking: Booking;
  activity: ActivityEntry[];
  emails: BookingEmail[];
}

export async function showBookingDetail(deps: BookingDeps, req: { id: string; actor: Actor }): Promise<BookingDetail> {
  const booking = await existingBooking(deps, req.id, { actor: req.actor });
  const newestFirst = await readActivity(deps.store.db, deps.store.dialect, { booking: booking.id, limit: MAX_ENTRIES });
  return { booking, activity: newestFirst.reverse(), emails: await emailsAbout(deps.store.db, booking.id) };
}
