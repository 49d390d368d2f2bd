/**
 * Everything the store holds about one customer (GDPR, `server/team/export-customer.ts` and
 * `erase-customer.ts`): found by the email their bookings were made with, read, and erased.
 *
 * A customer's personal data lives in these places, and `eraseCustomerData` clears each one —
 * a table added later that holds any belongs in it too:
 * - `bookings`: name, email, phone, answers, source, reason, and the idempotency fingerprint
 *   (a hash of the request, personal data included, so a known address could be confirmed);
 * - `outbox`: every email and webhook row about the bookings, sent or queued, holds the customer
 *   in its payload, and `outbox_attempts` may quote their address in a delivery error;
 * - `activity`: the `data` of the bookings' entries (`PERSONAL_ACTIVITY_KEYS`).
 * The rest of a booking — status, times, event, page, members, pool history — is not about the
 * person and stays, so distribution and pool stats do not move.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Booking } from './booking.js';
import { readBooking } from './booking-rows.js';
import type { ActivityTable, Database, OutboxTable } from './database.js';

/** Activity `data` keys that may carry what the customer said, what they were told (a request to reschedule's `message`), or where they came from. */
export const PERSONAL_ACTIVITY_KEYS = ['source', 'reason', 'answers', 'name', 'email', 'phone', 'message'] as const;

/** The ids of the bookings made with `email`, compared without case, oldest first. */
export async function customerBookingIds(db: Kysely<Database>, email: string): Promise<string[]> {
  const rows = await db
    .selectFrom('bookings')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface CustomerRecords {
  bookings: Booking[];
  activity: Selectable<ActivityTable>[];
  outbox: Selectable<OutboxTable>[];
}

/** The bookings of `ids` as stored, with their activity and outbox rows, oldest first. */
export async function readCustomerRecords(db: Kysely<Database>, ids: readonly string[]): Promise<CustomerRecords> {
  if (ids.length === 0) return { bookings: [], activity: [], outbox: [] };
  const bookings: Booking[] = [];
  for (const id of ids) {
    const booking = await readBooking(db, id);
    if (booking) bookings.push(booking);
  }
  const activity = await db.selectFrom('activity').selectAll().where('booking_id', 'in', [...ids]).orderBy('at').orderBy('id').execute();
  const outbox = await db.selectFrom('outbox').selectAll().where('booking_id', 'in', [...ids]).orderBy('created_at').orderBy('id').execute();
  return { bookings, activity, outbox };
}

export interface ErasedCounts {
  bookings: number;
  outboxRows: number;
  activityEntries: number;
}

/**
 * Clears the personal data of the bookings `ids` from every place listed above; run inside the
 * erase's write transaction. Outbox rows are deleted rather than blanked: a worker delivering
 * one meanwhile settles it by id, and would write a blanked payload back whole.
 */
export async function eraseCustomerData(trx: Kysely<Database>, ids: readonly string[]): Promise<ErasedCounts> {
  if (ids.length === 0) return { bookings: 0, outboxRows: 0, activityEntries: 0 };
  const bookings = [...ids];
  // `name` and `email` are NOT NULL: empty is "nobody", and `enqueue` writes no email to it.
  await trx
    .updateTable('bookings')
    .set({ name: '', email: '', phone: null, answers: '{}', source: '{}', reason: null, idempotency_key: null, idempotency_fingerprint: null })
    .where('id', 'in', bookings)
    .execute();

  const outboxIds = (await trx.selectFrom('outbox').select('id').where('booking_id', 'in', bookings).execute()).map((r) => r.id);
  if (outboxIds.length > 0) {
    await trx.deleteFrom('outbox_attempts').where('outbox_id', 'in', outboxIds).execute();
    await trx.deleteFrom('outbox').where('id', 'in', outboxIds).execute();
  }

  let activityEntries = 0;
  const entries = await trx.selectFrom('activity').select(['id', 'data']).where('booking_id', 'in', bookings).execute();
  for (const entry of entries) {
    const data = JSON.parse(entry.data) as Record<string, unknown>;
    const kept = Object.fromEntries(Object.entries(data).filter(([key]) => !(PERSONAL_ACTIVITY_KEYS as readonly string[]).includes(key)));
    if (Object.keys(kept).length === Object.keys(data).length) continue;
    await trx.updateTable('activity').set({ data: JSON.stringify(kept) }).where('id', '=', entry.id).execute();
    activityEntries++;
  }
  return { bookings: bookings.length, outboxRows: outboxIds.length, activityEntries };
}
