/**
 * Bookings as logged in a CRM (migration 0023): one row per booking, read and written whole.
 * A run that talks to the CRM first claims the row for a lease (`claimCrmRecord`): two rows of
 * one booking run at once — in one batch, or by two processes — would otherwise both find no
 * meeting logged and both log one. The lease runs out by itself when its holder dies.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';

export interface BookingCrmRecord {
  bookingId: string;
  provider: string;
  contactId: string | null;
  meetingId: string | null;
  outcome: string | null;
}

export async function readCrmRecord(db: Kysely<Database>, bookingId: string): Promise<BookingCrmRecord | undefined> {
  const row = await db.selectFrom('booking_crm_records').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
  return row && { bookingId: row.booking_id, provider: row.provider, contactId: row.contact_id, meetingId: row.meeting_id, outcome: row.outcome };
}

/** Whether the booking was logged in a CRM: a change to it then has a record to bring in line. */
export async function hasCrmRecord(db: Kysely<Database>, bookingId: string): Promise<boolean> {
  return (await db.selectFrom('booking_crm_records').select('booking_id').where('booking_id', '=', bookingId).executeTakeFirst()) !== undefined;
}

/**
 * Holds the booking's record until `now + leaseMs`, making it (for `provider`) when there is none;
 * answers the record, or `undefined` while another run holds it.
 */
export async function claimCrmRecord(db: Kysely<Database>, bookingId: string, provider: string, now: number, leaseMs: number): Promise<BookingCrmRecord | undefined> {
  const until = toStored(now + leaseMs);
  const result = await db
    .insertInto('booking_crm_records')
    .values({ booking_id: bookingId, provider, contact_id: null, meeting_id: null, outcome: null, claimed_until: until, updated_at: toStored(now) })
    .onConflict((oc) =>
      oc
        .column('booking_id')
        .doUpdateSet({ claimed_until: until })
        .where((eb) => eb.or([eb('booking_crm_records.claimed_until', 'is', null), eb('booking_crm_records.claimed_until', '<=', toStored(now))])),
    )
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return undefined;
  return readCrmRecord(db, bookingId);
}

/** Writes the booking's record as `record` says and lets go of its claim. */
export async function saveCrmRecord(db: Kysely<Database>, record: BookingCrmRecord, now: number): Promise<void> {
  const values = { provider: record.provider, contact_id: record.contactId, meeting_id: record.meetingId, outcome: record.outcome, claimed_until: null, updated_at: toStored(now) };
  await db
    .insertInto('booking_crm_records')
    .values({ booking_id: record.bookingId, ...values })
    .onConflict((oc) => oc.column('booking_id').doUpdateSet(values))
    .execute();
}
