/**
 * Everything a notification says about a booking, read through the caller's connection (inside
 * the booking transaction for `enqueue`, so it sees the rows just written).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { EventType, Member, Page } from '../config/schema.js';
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

export async function loadBooking(db: Reader, bookingId: string): Promise<BookingView> {
  const booking = await db.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirst();
  if (!booking) throw new Error(`booking ${bookingId} not found`);
  const [eventType, page, members] = await Promise.all([
    db.selectFrom('event_types').select('data').where('id', '=', booking.event_type).executeTakeFirst(),
    db.selectFrom('pages').select('data').where('id', '=', booking.page).executeTakeFirst(),
    loadAssignees(db, bookingId),
  ]);
  if (!eventType) throw new Error(`event type ${booking.event_type} of booking ${bookingId} not found`);
  return bookingView(booking, JSON.parse(eventType.data) as EventType, page ? (JSON.parse(page.data) as Page) : null, members);
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
  const rows = await db
    .selectFrom('booking_members')
    .innerJoin('members', 'members.id', 'booking_members.member_id')
    .select(['members.id', 'members.data'])
    .where('booking_members.booking_id', '=', bookingId)
    .orderBy('members.id')
    .execute();
  return rows.map((row) => JSON.parse(row.data) as Member);
}

/** Members by id, for those who left a booking (reassigned away) and are no longer joined to it. */
export async function loadMembers(db: Reader, ids: string[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('members').select('data').where('id', 'in', ids).orderBy('id').execute();
  return rows.map((row) => JSON.parse(row.data) as Member);
}

/** Config rows are stored as validated, but a hand-written row may omit defaulted keys. */
function withDefaults(eventType: EventType): EventType {
  return { ...eventType, reminders: eventType.reminders ?? [], fields: eventType.fields ?? [] };
}
