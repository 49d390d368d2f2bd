/**
 * One booking as the people who run the team see it (docs/http-api.md, "Booking detail"): the
 * booking, what happened to it (its activity entries, notifications included, oldest first) and
 * the emails about it. A member sees only the bookings they are assigned to; any other is `404`,
 * as if it did not exist. The booking's form fields come along, so its answers read as the
 * questions the customer saw, in the reader's language.
 */
import type { Actor } from '../store/activity.js';
import { readActivity, type ActivityEntry } from '../store/activity-stream.js';
import type { Booking } from '../store/booking.js';
import { emailsAbout, type BookingEmail } from '../store/booking-emails.js';
import { existingBooking } from '../booking/booking-change.js';
import { pickText } from '../config/localized-text.js';
import { getEventType } from '../store/config-repository.js';
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
  /** The event type's form fields, labelled in the reader's locale, else the booking's; none when the event type is gone from the config. */
  fields: { id: string; label: string; options?: { value: string; label: string }[] }[];
}

export async function showBookingDetail(deps: BookingDeps, req: { id: string; actor: Actor; locale?: string }): Promise<BookingDetail> {
  const booking = await existingBooking(deps, req.id, { actor: req.actor });
  const newestFirst = await readActivity(deps.store.db, deps.store.dialect, { booking: booking.id, limit: MAX_ENTRIES });
  const eventType = await getEventType(deps.store.db, booking.eventType);
  const label = (text: Parameters<typeof pickText>[0]) => pickText(text, req.locale ?? booking.locale, booking.locale);
  const fields = (eventType?.fields ?? []).map((f) => ({
    id: f.id,
    label: label(f.label),
    ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: label(o.label) })) } : {}),
  }));
  return { booking, activity: newestFirst.reverse(), emails: await emailsAbout(deps.store.db, booking.id), fields };
}
