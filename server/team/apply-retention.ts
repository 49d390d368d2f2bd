/**
 * Retention (docs/http-api.md#retention): once the setting says N days, the personal data of every
 * booking that ended more than N × 24 hours before `now` is erased, exactly as an admin's erasure
 * of a customer does (`erase-customer.ts`), booking by booking: a customer's recent bookings stay
 * while their old ones go. A booking that has not ended, or ended more recently, is not touched.
 *
 * It works in batches, one write transaction each, recorded as `customer_erased` by `system`
 * with `retention: N`. Several processes may run it at once: each batch takes bookings no other
 * transaction holds (`bookingsDueForErasure`), so none is erased twice and none waits on another.
 */
import type { BookingDeps } from '../booking/booking-deps.js';
import { bookingsDueForErasure } from '../store/customer-data.js';
import { writeTransaction } from '../store/transaction.js';
import { eraseBookings } from './erase-customer.js';
import { retentionDays } from './retention-setting.js';

const DAY_MS = 24 * 60 * 60_000;
/** Bookings per transaction: each batch holds its locks only briefly, and a run can stop between batches. */
export const RETENTION_BATCH = 100;

export interface RetentionRun {
  /** The setting the run applied; null when data is kept. */
  days: number | null;
  /** The bookings it erased, oldest meeting first. */
  bookings: string[];
}

export async function applyRetention(
  deps: Pick<BookingDeps, 'store'>,
  req: { now: number; batchSize?: number; signal?: AbortSignal },
): Promise<RetentionRun> {
  const days = await retentionDays(deps.store);
  if (days === null) return { days, bookings: [] };
  const endedBefore = req.now - days * DAY_MS;
  const bookings: string[] = [];
  while (!req.signal?.aborted) {
    const batch = await writeTransaction(deps.store, [], async (trx) => {
      const due = await bookingsDueForErasure(deps.store, trx, endedBefore, req.batchSize ?? RETENTION_BATCH);
      if (due.length === 0) return [];
      return (await eraseBookings(trx, due, { actor: 'system', now: req.now, data: { retention: days } })).bookings;
    });
    if (batch.length === 0) break;
    bookings.push(...batch);
  }
  return { days, bookings };
}
