/** Decline a booking that awaits approval; the customer is told, with the reason when one is given. */
import { recordActivity, type Actor } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { settleAssignments, updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { changeBooking, existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';

export async function declineBooking(deps: BookingDeps, req: { id: string; actor: Actor; reason?: string; now: number }): Promise<Booking> {
  const by = { actor: req.actor };
  const before = await existingBooking(deps, req.id, by);
  return changeBooking(deps, await configSnapshot(deps.store.db), {
    id: req.id,
    by,
    lock: before.members.map((m) => m.id),
    allowed: ['pending'],
    type: 'booking.declined',
    now: req.now,
    async work(trx, current) {
      await updateBooking(trx, current.id, { status: 'declined', reason: req.reason ?? null, sequence: current.sequence + 1 }, req.now);
      await settleAssignments(trx, current.id, 'cancelled');
      await recordActivity(trx, { bookingId: current.id, type: 'declined', actor: req.actor, now: req.now, data: { reason: req.reason ?? null } });
    },
  });
}
