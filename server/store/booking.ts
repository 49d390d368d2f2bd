/**
 * A booking as the whole server holds it in memory: one shape, built from its rows by one
 * function (`bookingFromRow`). Instants are UTC milliseconds here; they become ISO text only at
 * the edges (the HTTP answers, the outbox's JSON).
 */
import type { Host, Member } from '../config/schema.js';
import type { Place } from '../engine/types.js';
import type { BookingStatus, BookingTable } from './database.js';
import { fromStored } from './identifiers.js';

export interface BookingLocation {
  type: 'video' | 'phone' | 'in_person';
  joinUrl?: string;
  /** The conferencing provider the meeting is (being) made with, when it is not a plain link. */
  provider?: string;
  /** The provider has not answered yet: the link follows by email (`booking/set-up-meeting.ts`). */
  joinUrlPending?: boolean;
  address?: string;
  number?: string;
}

/** A member assigned to a booking, with what notifications need to address them. */
export interface Assignee {
  id: string;
  name: string;
  email: string;
  timezone: string;
  locale: string;
  /** The pool the member was drawn from, if any. */
  pool: string | null;
}

export interface Booking {
  id: string;
  /** The invite UID; kept across reschedules. */
  uid: string;
  page: string;
  eventType: string;
  /** The host the booking was made with, after routing rules. */
  host: Host;
  status: BookingStatus;
  start: number;
  end: number;
  timezone: string;
  locale: string;
  name: string;
  email: string;
  phone: string | null;
  /** Email addresses the customer invited along: attendees of the invite, told of every change. */
  guests: string[];
  /** The series the booking is one session of (config `sessions`), or null. */
  series: string | null;
  answers: Record<string, string | boolean>;
  source: Record<string, string>;
  location: BookingLocation;
  manageTokenHash: string;
  /** iCalendar SEQUENCE: +1 on every change the attendees must see. */
  sequence: number;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
  /** In a stable order (by member id): the first one organises the invite. */
  members: Assignee[];
}

/** An assignee from the member's config; a member since removed from the config keeps their id. */
export function assignee(id: string, member: Member | undefined, pool: string | null): Assignee {
  return { id, name: member?.name ?? id, email: member?.email ?? '', timezone: member?.timezone ?? 'UTC', locale: member?.locale ?? 'en-US', pool };
}

/** The place an assignee holds in the booking, as the engine and the booking rows name it. */
export function placeOf(assignee: Assignee): Place {
  return { member: assignee.id, ...(assignee.pool ? { pool: assignee.pool } : {}) };
}

export function bookingFromRow(row: BookingTable, members: Assignee[]): Booking {
  return {
    id: row.id,
    uid: row.uid,
    page: row.page,
    eventType: row.event_type,
    host: JSON.parse(row.host) as Host,
    status: row.status,
    start: fromStored(row.start_at),
    end: fromStored(row.end_at),
    timezone: row.timezone,
    locale: row.locale,
    name: row.name,
    email: row.email,
    phone: row.phone,
    guests: JSON.parse(row.guests) as string[],
    series: row.series_id ?? null,
    answers: JSON.parse(row.answers) as Booking['answers'],
    source: JSON.parse(row.source) as Booking['source'],
    location: JSON.parse(row.location) as BookingLocation,
    manageTokenHash: row.manage_token_hash,
    sequence: row.sequence,
    reason: row.reason,
    createdAt: fromStored(row.created_at),
    updatedAt: fromStored(row.updated_at),
    members: [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
