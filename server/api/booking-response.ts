/** A booking as the API shows it: to its customer (with manage links) and to admins. */
import type { EventType } from '../config/schema.js';
import { icsUrl, manageUrl } from '../booking/links.js';
import { pickText } from '../config/localized-text.js';
import { DAY } from '../engine/index.js';
import type { Booking } from '../store/booking.js';
import type { AdminBooking, BookingResponse } from '../../shared/api-schemas.js';

/** Instants from 1970 to 9999 with whole seconds: one `YYYY-MM-DDT` per day, written once. */
const LAST_PLAIN = Date.UTC(10_000, 0, 1);
let day = NaN;
let dayPrefix = '';
const two = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * Instants leave the API as `2026-12-01T09:00:00Z` (milliseconds only when there are any). A
 * month of slots writes thousands of them, mostly on the same few days: the date part is reused.
 */
export function isoInstant(ms: number): string {
  if (!(ms >= 0 && ms < LAST_PLAIN) || ms % 1000 !== 0) return new Date(ms).toISOString().replace('.000Z', 'Z');
  const start = ms - (ms % DAY);
  if (start !== day) {
    day = start;
    dayPrefix = new Date(start).toISOString().slice(0, 11);
  }
  const seconds = (ms - start) / 1000;
  return `${dayPrefix}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}Z`;
}

export function customerBooking(booking: Booking, event: EventType | undefined, token: string, publicUrl: string, sessions?: readonly Booking[]): BookingResponse {
  return {
    id: booking.id,
    status: booking.status,
    event: booking.eventType,
    ...(event ? { title: pickText(event.title, booking.locale, 'en-US') } : {}),
    start: isoInstant(booking.start),
    end: isoInstant(booking.end),
    timezone: booking.timezone,
    locale: booking.locale,
    page: booking.page,
    name: booking.name,
    ...(booking.guests.length ? { guests: booking.guests } : {}),
    hosts: booking.members.map((m) => ({ name: m.name })),
    location: booking.location,
    manageUrl: manageUrl(publicUrl, booking.id, token),
    icsUrl: icsUrl(publicUrl, booking.id, token),
    ...(sessions
      ? {
          sessions: sessions.map((s) => ({ id: s.id, status: s.status, start: isoInstant(s.start), end: isoInstant(s.end), hosts: s.members.map((m) => ({ name: m.name })) })),
        }
      : {}),
  };
}

export function adminBooking(booking: Booking): AdminBooking {
  return {
    id: booking.id,
    status: booking.status,
    page: booking.page,
    event: booking.eventType,
    start: isoInstant(booking.start),
    end: isoInstant(booking.end),
    timezone: booking.timezone,
    locale: booking.locale,
    name: booking.name,
    email: booking.email,
    phone: booking.phone,
    guests: booking.guests,
    answers: booking.answers,
    source: booking.source,
    members: booking.members.map((m) => ({ id: m.id, name: m.name, pool: m.pool })),
    location: booking.location,
    sequence: booking.sequence,
    reason: booking.reason,
    createdAt: isoInstant(booking.createdAt),
  };
}
