/**
 * The booking tables — `bookings`, `booking_members`, and the places' history in `pool_assignments`
 * (drawn by a pool) and `member_assignments` (not) — read and written.
 * Nothing here decides whether a change is allowed: the use cases in `server/booking/` do, inside
 * the write transaction they run these in.
 */
import type { Kysely } from 'kysely';
import type { Member } from '../config/schema.js';
import type { Place } from '../engine/types.js';
import { assignee, bookingFromRow, type Assignee, type Booking, type BookingLocation } from './booking.js';
import type { BookingStatus, BookingTable, Database } from './database.js';
import { newId, toStored } from './identifiers.js';

async function withMembers(db: Kysely<Database>, row: BookingTable | undefined): Promise<Booking | undefined> {
  if (!row) return undefined;
  const members = await db
    .selectFrom('booking_members as bm')
    .leftJoin('members as m', 'm.id', 'bm.member_id')
    .select(['bm.member_id', 'bm.pool', 'm.data'])
    .where('bm.booking_id', '=', row.id)
    .execute();
  return bookingFromRow(
    row,
    members.map((m) => assignee(m.member_id, m.data ? (JSON.parse(m.data) as Member) : undefined, m.pool)),
  );
}

export async function readBooking(db: Kysely<Database>, id: string): Promise<Booking | undefined> {
  return withMembers(db, await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst());
}

/** Every session of a series, by start. */
export async function readSeries(db: Kysely<Database>, seriesId: string): Promise<Booking[]> {
  const rows = await db.selectFrom('bookings').selectAll().where('series_id', '=', seriesId).orderBy('start_at').orderBy('id').execute();
  return Promise.all(rows.map((row) => withMembers(db, row) as Promise<Booking>));
}

/** The booking whose idempotency key hashes to `keyHash`, and the fingerprint of the request that made it. */
export async function readBookingByIdempotencyKey(db: Kysely<Database>, keyHash: string): Promise<{ booking: Booking; fingerprint: string | null } | undefined> {
  const row = await db.selectFrom('bookings').selectAll().where('idempotency_key', '=', keyHash).executeTakeFirst();
  const booking = await withMembers(db, row);
  return booking && { booking, fingerprint: row!.idempotency_fingerprint };
}

/** Writes a new booking, its places, and their history. */
export async function insertBooking(trx: Kysely<Database>, row: BookingTable, places: readonly Place[]): Promise<void> {
  await trx.insertInto('bookings').values(row).execute();
  await trx
    .insertInto('booking_members')
    .values(places.map((s) => ({ booking_id: row.id, member_id: s.member, pool: s.pool ?? null })))
    .execute();
  await recordAssignments(trx, row.id, places, row.created_at);
}

/** A place drawn from a pool enters the pool's history; any other, the member's. */
async function recordAssignments(trx: Kysely<Database>, bookingId: string, places: readonly Place[], at: string): Promise<void> {
  const drawn = places.filter((s) => s.pool);
  const given = places.filter((s) => !s.pool);
  if (drawn.length > 0) {
    await trx
      .insertInto('pool_assignments')
      .values(drawn.map((s) => ({ id: newId(), pool: s.pool!, member_id: s.member, booking_id: bookingId, assigned_at: at, outcome: 'held' as const })))
      .execute();
  }
  if (given.length > 0) {
    await trx
      .insertInto('member_assignments')
      .values(given.map((s) => ({ id: newId(), member_id: s.member, booking_id: bookingId, assigned_at: at, outcome: 'held' as const })))
      .execute();
  }
}

export interface BookingPatch {
  status?: BookingStatus;
  reason?: string | null;
  start?: number;
  end?: number;
  sequence?: number;
  location?: BookingLocation;
}

export async function updateBooking(trx: Kysely<Database>, id: string, patch: BookingPatch, now: number): Promise<void> {
  await trx
    .updateTable('bookings')
    .set({
      updated_at: toStored(now),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.reason !== undefined ? { reason: patch.reason } : {}),
      ...(patch.start !== undefined ? { start_at: toStored(patch.start) } : {}),
      ...(patch.end !== undefined ? { end_at: toStored(patch.end) } : {}),
      ...(patch.sequence !== undefined ? { sequence: patch.sequence } : {}),
      ...(patch.location !== undefined ? { location: JSON.stringify(patch.location) } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Closes the history entries of the places the booking still holds (of one member, or all) with `outcome`. */
export async function settleAssignments(trx: Kysely<Database>, bookingId: string, outcome: 'cancelled' | 'no_show' | 'reassigned_away', memberId?: string) {
  for (const table of ['pool_assignments', 'member_assignments'] as const) {
    let query = trx.updateTable(table).set({ outcome }).where('booking_id', '=', bookingId).where('outcome', '=', 'held');
    if (memberId) query = query.where('member_id', '=', memberId);
    await query.execute();
  }
}

/**
 * Gives the booking the places `places`: members leaving are unjoined (their history says
 * `reassigned_away`), newcomers joined (and enter the history as assigned now).
 */
export async function replacePlaces(trx: Kysely<Database>, booking: Booking, places: readonly Place[], now: number): Promise<void> {
  const key = (member: string, pool: string | null | undefined) => `${member}/${pool ?? ''}`;
  const keep = new Set(places.map((s) => key(s.member, s.pool)));
  const current = new Set(booking.members.map((m) => key(m.id, m.pool)));
  const leaving = booking.members.filter((m: Assignee) => !keep.has(key(m.id, m.pool)));
  const arriving = places.filter((s) => !current.has(key(s.member, s.pool)));
  for (const m of leaving) {
    await trx.deleteFrom('booking_members').where('booking_id', '=', booking.id).where('member_id', '=', m.id).execute();
    await settleAssignments(trx, booking.id, 'reassigned_away', m.id);
  }
  if (arriving.length > 0) {
    await trx.insertInto('booking_members').values(arriving.map((s) => ({ booking_id: booking.id, member_id: s.member, pool: s.pool ?? null }))).execute();
  }
  await recordAssignments(trx, booking.id, arriving, toStored(now));
}
