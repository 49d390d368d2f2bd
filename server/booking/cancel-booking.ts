/** Cancel a booking: its customer (with the manage token) before it starts, or an admin or its member at any time. */
import { holdingStatuses } from '../../shared/booking-status.js';
import { recordActivity } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { settleAssignments, updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { actorOf, changeBooking, existingBooking, type Requester } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { Refusal } from './refusal.js';

export async function cancelBooking(deps: BookingDeps, req: { id: string; by: Requester; reason?: string; now: number }): Promise<Booking> {
  const before = await existingBooking(deps, req.id, req.by);
  return changeBooking(deps, await configSnapshot(deps.store.db), {
    id: req.id,
    by: req.by,
    lock: before.members.map((m) => m.id),
    allowed: holdingStatuses,
    type: 'booking.cancelled',
    now: req.now,
    async work(trx, current) {
      if ('token' in req.by && req.now >= current.start) throw new Refusal('too_late', 'the booking has already started');
      await updateBooking(trx, current.id, { status: 'cancelled', reason: req.reason ?? null, sequence: current.sequence + 1 }, req.now);
      await settleAssignments(trx, current.id, 'cancelled');
      await recordActivity(trx, { bookingId: current.id, type: 'cancelled', actor: actorOf(req.by), now: req.now, data: { reason: req.reason ?? null } });
    },
  });
}
