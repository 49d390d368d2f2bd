/**
 * The `consents` table (migration 0015): each consent a booking's customer answered, with the
 * words they were shown, written with the booking. Read back by the GDPR export; an erasure
 * leaves it, since it names a field, a text and a booking that is then about nobody.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { fromStored, toStored } from './identifiers.js';

export interface ConsentRecord {
  booking: string;
  field: string;
  label: string;
  given: boolean;
  at: number;
}

export async function insertConsents(trx: Kysely<Database>, records: readonly ConsentRecord[]): Promise<void> {
  if (records.length === 0) return;
  await trx
    .insertInto('consents')
    .values(records.map((r) => ({ booking_id: r.booking, field: r.field, label: r.label, given: r.given ? 1 : 0, at: toStored(r.at) })))
    .execute();
}

/** The consents of the bookings `ids`, by booking then field. */
export async function readConsents(db: Kysely<Database>, ids: readonly string[]): Promise<ConsentRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('consents').selectAll().where('booking_id', 'in', [...ids]).orderBy('booking_id').orderBy('field').execute();
  return rows.map((r) => ({ booking: r.booking_id, field: r.field, label: r.label, given: r.given === 1, at: fromStored(r.at) }));
}
