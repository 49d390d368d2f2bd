/** A booking shown to its customer, who holds its manage token: as data, and as the calendar invite file. */
import { customerInvite, isoText, mailBooking } from '../notify/index.js';
import type { Booking } from '../store/booking.js';
import { readSeries } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { eventOf } from './notify-change.js';

/** Every session of the booking's series, by start; undefined for a booking of one session. */
export async function sessionsOf(deps: BookingDeps, booking: Booking): Promise<Booking[] | undefined> {
  return booking.series ? readSeries(deps.store.db, booking.series) : undefined;
}

export async function bookingForCustomer(deps: BookingDeps, id: string, token: string): Promise<Booking> {
  return existingBooking(deps, id, { token });
}

/** The customer's current copy of the booking's invite (iCalendar). */
export async function customerInviteFile(deps: BookingDeps, id: string, token: string): Promise<{ booking: Booking; ics: string }> {
  const booking = await bookingForCustomer(deps, id, token);
  const config = await configSnapshot(deps.store.db);
  const mail = mailBooking(booking, eventOf(config, booking), config.pages.get(booking.page) ?? null);
  // A series' file holds every session, as its confirmation's invite did.
  const sessions = await sessionsOf(deps, booking);
  if (sessions && sessions.length > 1) mail.sessions = sessions.map((s) => ({ uid: s.uid, sequence: s.sequence, status: s.status, start: isoText(s.start), end: isoText(s.end) }));
  return { booking, ics: customerInvite(mail, new Date(booking.updatedAt).toISOString(), deps.publicUrl) };
}
