/**
 * GDPR erasure (docs/http-api.md): the personal data of every booking made with one email is
 * cleared, in one write transaction, from every place `store/customer-data.ts` lists. The
 * bookings themselves stay — status, times, event, members, pool history — and nothing is
 * cancelled: they still count in round-robin fairness and pool stats, now about nobody. Their
 * events in members' own calendars are rewritten without the customer (`queueErasureRewrites`).
 * Erasing an address with no bookings erases nothing and says so.
 */
import type { Kysely } from 'kysely';
import type { BookingDeps } from '../booking/booking-deps.js';
import { queueErasureRewrites } from '../booking/calendar-syncs.js';
import { recordActivity, type Actor } from '../store/activity.js';
import { customerBookingIds, eraseCustomerData, type Erased } from '../store/customer-data.js';
import type { Database } from '../store/database.js';
import { writeTransaction } from '../store/transaction.js';

export interface ErasedCounts {
  bookings: number;
  outboxRows: number;
  activityEntries: number;
}

export async function eraseCustomer(deps: BookingDeps, req: { email: string; actor: Actor; now: number }): Promise<ErasedCounts> {
  // No member's time is taken: no member to lock.
  return writeTransaction(deps.store, [], async (trx) => {
    const ids = await customerBookingIds(trx, req.email);
    const erased = await eraseBookings(trx, ids, { actor: req.actor, now: req.now });
    return { bookings: erased.bookings.length, outboxRows: erased.outboxRows, activityEntries: erased.activityEntries };
  });
}

/**
 * Erases the bookings `ids` and records it, inside the caller's write transaction: the one way
 * personal data is erased, whether an admin asked for one customer or retention found the
 * bookings due (`apply-retention.ts`, which adds its own details to the entry's `data`).
 */
export async function eraseBookings(trx: Kysely<Database>, ids: readonly string[], entry: { actor: Actor; now: number; data?: Record<string, unknown> }): Promise<Erased> {
  const erased = await eraseCustomerData(trx, ids);
  // Events already written into members' calendars carry the customer too: written again without
  // them, from the outbox (the rows just deleted with the rest are no loss: this one brings every
  // calendar in line with the booking as it now is).
  await queueErasureRewrites(trx, erased.bookings, entry.now);
  // The audit entry names the bookings and the counts, never the person: it must survive the
  // erase it records. Not tied to one booking (`booking_id` null): one erase spans several.
  await recordActivity(trx, { bookingId: null, type: 'customer_erased', actor: entry.actor, now: entry.now, data: { ...erased, ...entry.data } });
  return erased;
}
