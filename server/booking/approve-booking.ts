/** Approve a booking that awaits approval, once its members are checked to be still free then. */
import { memberCanTake } from '../engine/index.js';
import { recordActivity, type Actor } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { loadEngineState } from '../store/engine-state.js';
import { changeBooking, existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { recheckScope } from './recheck.js';
import { Refusal } from './refusal.js';

export async function approveBooking(deps: BookingDeps, req: { id: string; actor: Actor; now: number }): Promise<Booking> {
  const by = { actor: req.actor };
  const before = await existingBooking(deps, req.id, by);
  const config = await configSnapshot(deps.store.db);
  const { event, scope } = await recheckScope(deps, config, before, [], before.start, req.now);
  return changeBooking(deps, config, {
    id: req.id,
    by,
    lock: scope.members.map((m) => m.id),
    allowed: ['pending'],
    type: 'booking.confirmed',
    now: req.now,
    async work(trx, current) {
      const state = await loadEngineState(trx, scope);
      if (!current.members.every((m) => memberCanTake(m.id, event, current.start, state, req.now))) {
        throw new Refusal('slot_unavailable', 'an assigned member is no longer free at this time');
      }
      await updateBooking(trx, current.id, { status: 'confirmed', sequence: current.sequence + 1 }, req.now);
      await recordActivity(trx, { bookingId: current.id, type: 'approved', actor: req.actor, now: req.now });
    },
  });
}
