/**
 * Everything the store holds about one customer (GDPR, `server/team/export-customer.ts` and
 * `erase-customer.ts`): found by the email their bookings were made with, read, and erased.
 *
 * A customer's personal data lives in these places, and `eraseCustomerData` clears each one —
 * a table added later that holds any belongs in it too:
 * - `bookings`: name, email, phone, guests, answers, source, reason, and the idempotency fingerprint
 *   (a hash of the request, personal data included, so a known address could be confirmed);
 * - `outbox`: every email and webhook row about the bookings, sent or queued, holds the customer
 *   in its payload, and `outbox_attempts` may quote their address in a delivery error;
 * - `activity`: the `data` of the bookings' entries (`PERSONAL_ACTIVITY_KEYS`);
 * - outside the store, the events written back into members' own calendars (`booking_calendar_events`
 *   says where): `team/erase-customer.ts` has the outbox write them again without the customer.
 * The rest of a booking — status, times, event, page, members, pool history — is not about the
 * person and stays, so distribution and pool stats do not move; so do its `consents` (what a form
 * said and whether it was agreed to), which are about nobody once the booking is.
 *
 * An erased booking is one whose email is empty: every booking is made with an address.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Booking } from './booking.js';
import { readBooking } from './booking-rows.js';
import type { Store } from './connect.js';
import { readConsents, type ConsentRecord } from './consents.js';
import type { ActivityTable, Database, OutboxTable } from './database.js';
import { toStored } from './identifiers.js';

/** Activity `data` keys that may carry what the customer said, what they were told (a request to reschedule's `message`), or where they came from. */
export const PERSONAL_ACTIVITY_KEYS = ['source', 'reason', 'answers', 'name', 'email', 'phone', 'guests', 'message'] as const;

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

/**
 * The bookings not yet erased that ended before `endedBefore`, at most `limit`, oldest first. On
 * PostgreSQL they are locked for the rest of the transaction, and those another transaction holds
 * are passed over: two processes running retention at once erase different bookings, and neither
 * waits on the other. A booking another erased meanwhile is read again once free, and no longer
 * matches.
 */
export async function bookingsDueForErasure(store: Store, trx: Kysely<Database>, endedBefore: number, limit: number): Promise<string[]> {
  const due = trx
    .selectFrom('bookings')
    .select('id')
    // Spelled as the partial index `bookings_retention` is (migration 0015), so it serves.
    .where(sql<boolean>`email <> ''`)
    .where('end_at', '<', toStored(endedBefore))
    .orderBy('end_at')
    .limit(limit);
  const rows = store.dialect === 'postgres' ? await due.forUpdate().skipLocked().execute() : await due.execute();
  return rows.map((r) => r.id);
}

export interface CustomerRecords {
  bookings: Booking[];
  activity: Selectable<ActivityTable>[];
  outbox: Selectable<OutboxTable>[];
  consents: ConsentRecord[];
}

/** The bookings of `ids` as stored, with their activity, outbox rows and consents, oldest first. */
export async function readCustomerRecords(db: Kysely<Database>, ids: readonly string[]): Promise<CustomerRecords> {
  if (ids.length === 0) return { bookings: [], activity: [], outbox: [], consents: [] };
  const bookings: Booking[] = [];
  for (const id of ids) {
    const booking = await readBooking(db, id);
    if (booking) bookings.push(booking);
  }
  const activity = await db.selectFrom('activity').selectAll().where('booking_id', 'in', [...ids]).orderBy('at').orderBy('id').execute();
  const outbox = await db.selectFrom('outbox').selectAll().where('booking_id', 'in', [...ids]).orderBy('created_at').orderBy('id').execute();
  return { bookings, activity, outbox, consents: await readConsents(db, ids) };
}

/** What one erasure cleared: the ids of the bookings, and how many rows about them. */
export interface Erased {
  bookings: string[];
  outboxRows: number;
  activityEntries: number;
}

/**
 * Clears the personal data of the bookings `ids` from every place listed above; run inside the
 * erase's write transaction. Outbox rows are deleted rather than blanked: a worker delivering
 * one meanwhile settles it by id, and would write a blanked payload back whole.
 * Bookings erased already are left out, and so from the answer: an erasure that waited on
 * another's lock (PostgreSQL reads the row again once it is free) does not count them twice.
 */
export async function eraseCustomerData(trx: Kysely<Database>, ids: readonly string[]): Promise<Erased> {
  if (ids.length === 0) return { bookings: [], outboxRows: 0, activityEntries: 0 };
  // `name` and `email` are NOT NULL: empty is "nobody", and `enqueue` writes no email to it.
  const cleared = await trx
    .updateTable('bookings')
    .set({ name: '', email: '', phone: null, guests: '[]', answers: '{}', source: '{}', reason: null, idempotency_key: null, idempotency_fingerprint: null })
    .where('id', 'in', [...ids])
    .where(sql<boolean>`email <> ''`)
    .returning('id')
    .execute();
  // In the order asked for, whatever order the database returned them in.
  const erased = new Set(cleared.map((r) => r.id));
  const bookings = ids.filter((id) => erased.has(id));
  if (bookings.length === 0) return { bookings, outboxRows: 0, activityEntries: 0 };

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
  return { bookings, outboxRows: outboxIds.length, activityEntries };
}
