/**
 * Everything a notification says about a booking, read through the caller's connection (inside
 * the booking transaction for `enqueue`, so it sees the rows just written).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { EventType, Member, Page } from '../config/schema.js';
import { configSnapshot, getMembers } from '../store/config-repository.js';
import type { BookingStatus, BookingTable, Database } from '../store/database.js';

export type Reader = Kysely<Database> | Transaction<Database>;

export interface BookingLocation {
  type: 'video' | 'phone' | 'in_person';
  joinUrl?: string;
  address?: string;
  number?: string;
}

export interface BookingView {
  id: string;
  uid: string;
  sequence: number;
  status: BookingStatus;
  start: string;
  end: string;
  timezone: string;
  locale: string;
  customer: { name: string; email: string; phone: string | null };
  answers: Record<string, string | boolean>;
  reason: string | null;
  location: BookingLocation;
  eventType: EventType;
  page: Page | null;
  /** Assigned members in a stable order; the first one organises the invite. */
  members: Member[];
  updatedAt: string;
}

/**
 * What an email and its invite say of a booking: the view without the config it does not read.
 * The outbox keeps this with each email, and the worker renders from it when it sends, so the
 * message tells the booking as it was at the change, however it changes later.
 */
export type MailBooking = Omit<BookingView, 'eventType' | 'page' | 'members' | 'updatedAt'> & {
  eventType: Pick<EventType, 'title' | 'fields'>;
  page: Pick<Page, 'title'> | null;
  members: Pick<Member, 'id' | 'name' | 'email'>[];
};

export function mailBooking(view: BookingView): MailBooking {
  const { eventType, page, members, updatedAt: _updatedAt, ...booking } = view;
  return {
    ...booking,
    eventType: { title: eventType.title, fields: eventType.fields },
    page: page && { title: page.title },
    members: members.map((m) => ({ id: m.id, name: m.name, email: m.email })),
  };
}

export async function loadBooking(db: Reader, bookingId: string): Promise<BookingView> {
  const booking = await db.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirst();
  if (!booking) throw new Error(`booking ${bookingId} not found`);
  const config = await configSnapshot(db);
  const eventType = config.eventTypes.get(booking.event_type);
  if (!eventType) throw new Error(`event type ${booking.event_type} of booking ${bookingId} not found`);
  return bookingView(booking, eventType, config.pages.get(booking.page) ?? null, await loadAssignees(db, bookingId));
}

/**
 * The view of a booking from its row and the config it refers to: for a writer that holds all of
 * it already (a booking just made), instead of reading it back with `loadBooking`.
 */
export function bookingView(booking: Selectable<BookingTable>, eventType: EventType, page: Page | null, members: Member[]): BookingView {
  return {
    id: booking.id,
    uid: booking.uid,
    sequence: booking.sequence,
    status: booking.status,
    start: booking.start_at,
    end: booking.end_at,
    timezone: booking.timezone,
    locale: booking.locale,
    customer: { name: booking.name, email: booking.email, phone: booking.phone },
    answers: JSON.parse(booking.answers) as Record<string, string | boolean>,
    reason: booking.reason,
    location: JSON.parse(booking.location) as BookingLocation,
    eventType: withDefaults(eventType),
    page,
    members,
    updatedAt: booking.updated_at,
  };
}

/** The booking's assigned members, in the stable order the invite's organiser is taken from. */
export async function loadAssignees(db: Reader, bookingId: string): Promise<Member[]> {
  const rows = await db.selectFrom('booking_members').select('member_id').where('booking_id', '=', bookingId).execute();
  return loadMembers(db, rows.map((r) => r.member_id));
}

/** Members by id, for those who left a booking (reassigned away) and are no longer joined to it. */
export async function loadMembers(db: Reader, ids: string[]): Promise<Member[]> {
  return ids.length === 0 ? [] : getMembers(db, ids);
}

/** Config rows are stored as validated, but a hand-written row may omit defaulted keys. */
function withDefaults(eventType: EventType): EventType {
  return { ...eventType, reminders: eventType.reminders ?? [], fields: eventType.fields ?? [] };
}
