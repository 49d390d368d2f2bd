/** A booking as the rest of the server sees it: parsed from its row and its members. */
import type { Kysely } from 'kysely';
import type { Host, Member } from '../config/schema.js';
import type { BookingStatus, BookingTable, Database } from './database.js';
import { fromStored } from './identifiers.js';
import { hashIdempotencyKey } from './manage-token.js';

export interface BookingLocation {
  type: 'video' | 'phone' | 'in_person';
  joinUrl?: string;
  address?: string;
  number?: string;
}

export interface BookingRecord {
  id: string;
  uid: string;
  page: string;
  eventType: string;
  host: Host;
  status: BookingStatus;
  start: number;
  end: number;
  timezone: string;
  locale: string;
  name: string;
  email: string;
  phone: string | null;
  answers: Record<string, string | boolean>;
  source: Record<string, string>;
  location: BookingLocation;
  manageTokenHash: string;
  sequence: number;
  reason: string | null;
  createdAt: number;
  /** In a stable order (by member id); `pool` says which pool a member was drawn from. */
  members: { id: string; name: string; email: string; pool: string | null }[];
}

/** The record of a booking row and its members (for a writer that holds both already). */
export function bookingRecord(row: BookingTable, members: BookingRecord['members']): BookingRecord {
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
    answers: JSON.parse(row.answers) as BookingRecord['answers'],
    source: JSON.parse(row.source) as BookingRecord['source'],
    location: JSON.parse(row.location) as BookingLocation,
    manageTokenHash: row.manage_token_hash,
    sequence: row.sequence,
    reason: row.reason,
    createdAt: fromStored(row.created_at),
    members,
  };
}

async function withMembers(db: Kysely<Database>, row: BookingTable | undefined): Promise<BookingRecord | undefined> {
  if (!row) return undefined;
  const members = await db
    .selectFrom('booking_members as bm')
    .leftJoin('members as m', 'm.id', 'bm.member_id')
    .select(['bm.member_id', 'bm.pool', 'm.data'])
    .where('bm.booking_id', '=', row.id)
    .orderBy('bm.member_id')
    .execute();
  return bookingRecord(
    row,
    members.map((m) => {
      const member = m.data ? (JSON.parse(m.data) as Member) : undefined;
      return { id: m.member_id, name: member?.name ?? m.member_id, email: member?.email ?? '', pool: m.pool };
    }),
  );
}

export async function readBooking(db: Kysely<Database>, id: string): Promise<BookingRecord | undefined> {
  return withMembers(db, await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function readBookingByIdempotencyKey(db: Kysely<Database>, key: string): Promise<BookingRecord | undefined> {
  return withMembers(db, await db.selectFrom('bookings').selectAll().where('idempotency_key', '=', hashIdempotencyKey(key)).executeTakeFirst());
}
