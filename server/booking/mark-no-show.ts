/** Mark a booking whose customer did not come; a pool with autocorrect takes the member's credit back. */
import { recordActivity, type Actor } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { settleAssignments, updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { changeBooking, existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { Refusal } from './refusal.js';

export async function markNoShow(deps: BookingDeps, req: { id: string; actor: Actor; now: number }): Promise<Booking> {
  const by = { actor: req.actor };
  const before = await existingBooking(deps, req.id, by);
  return changeBooking(deps, await configSnapshot(deps.store.db), {
    id: req.id,
    by,
    lock: before.members.map((m) => m.id),
    allowed: ['confirmed', 'completed'],
    type: 'booking.no_show',
    now: req.now,
    async work(trx, current) {
      if (req.now < current.start) throw new Refusal('invalid_state', 'a booking can be marked a no-show once it has started');
      await updateBooking(trx, current.id, { status: 'no_show' }, req.now);
      await settleAssignments(trx, current.id, 'no_show');
      await recordActivity(trx, { bookingId: current.id, type: 'no_show', actor: req.actor, now: req.now });
    },
  });
}
