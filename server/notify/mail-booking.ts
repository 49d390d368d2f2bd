/**
 * What an email and its invite say of a booking. The outbox keeps this with each email, as JSON,
 * and the worker renders from it when it sends, so the message tells the booking as it was at
 * the change, however it changes later. Instants are ISO text here: this is the outbox's edge.
 */
import type { EventType, Page } from '../config/schema.js';
import type { Booking, BookingLocation } from '../store/booking.js';
import type { BookingStatus } from '../store/database.js';

export interface MailBooking {
  id: string;
  uid: string;
  sequence: number;
  status: BookingStatus;
  start: string;
  end: string;
  timezone: string;
  locale: string;
  customer: { name: string; email: string; phone: string | null };
  /** The addresses the customer invited along (rows written before guests existed have none). */
  guests?: string[];
  answers: Record<string, string | boolean>;
  reason: string | null;
  location: BookingLocation;
  eventType: Pick<EventType, 'title' | 'fields'>;
  page: Pick<Page, 'title'> | null;
  /** Assigned members in a stable order; the first one organises the invite. */
  members: { id: string; name: string; email: string }[];
  /** Of a multi-session booking, every session the email tells of (this one first): listed, and one invite event each. */
  sessions?: MailSession[];
}

export interface MailSession {
  uid: string;
  sequence: number;
  status: BookingStatus;
  start: string;
  end: string;
}

export const isoText = (instant: number) => new Date(instant).toISOString();

export function mailBooking(booking: Booking, event: Pick<EventType, 'title' | 'fields'>, page: Pick<Page, 'title'> | null): MailBooking {
  return {
    id: booking.id,
    uid: booking.uid,
    sequence: booking.sequence,
    status: booking.status,
    start: isoText(booking.start),
    end: isoText(booking.end),
    timezone: booking.timezone,
    locale: booking.locale,
    customer: { name: booking.name, email: booking.email, phone: booking.phone },
    guests: booking.guests,
    answers: booking.answers,
    reason: booking.reason,
    location: booking.location,
    // A config row written by hand may lack the defaulted keys.
    eventType: { title: event.title, fields: event.fields ?? [] },
    page: page && { title: page.title },
    members: booking.members.map((m) => ({ id: m.id, name: m.name, email: m.email })),
  };
}
