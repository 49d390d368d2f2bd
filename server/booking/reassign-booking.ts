/**
 * Give a booking to `member` instead of `replace`, which may be left out when the booking has
 * one member, or when a member acts: a member can only hand over their own place.
 */
import { holdingStatuses } from '../../shared/booking-status.js';
import { memberCanTake, type Place, type Pool } from '../engine/index.js';
import { actingMember, recordActivity, type Actor } from '../store/activity.js';
import { placeOf, type Booking } from '../store/booking.js';
import { replacePlaces, updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { loadEngineState } from '../store/engine-state.js';
import { changeBooking, existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { recheckScope } from './recheck.js';
import { Refusal } from './refusal.js';

/**
 * The assigned member whose place is handed over: `replace`, which a member may name only as
 * themselves; left out, the acting member's own place, else `otherwise`.
 */
export function placeToReplace(booking: Booking, actor: Actor, replace: string | undefined, otherwise: string | undefined): string {
  const acting = actingMember(actor);
  if (acting !== undefined && replace !== undefined && replace !== acting) {
    throw new Refusal('forbidden', 'a member key can only hand over its own place', { replace: `must be ${acting}` });
  }
  const place = replace ?? acting ?? otherwise;
  if (!place || !booking.members.some((m) => m.id === place)) {
    throw new Refusal('validation_failed', 'say which assigned member to replace', { replace: 'must be one of the assigned members' });
  }
  return place;
}

/** The pool the replaced member's place was drawn from, while the booking's host still draws on it: a newcomer from it keeps the place in the pool. */
export function poolOfPlace(booking: Booking, replace: string, pools: readonly Pool[]): Pool | undefined {
  const pool = booking.members.find((m) => m.id === replace)?.pool;
  return pools.find((p) => p.id === pool);
}

export async function reassignBooking(deps: BookingDeps, req: { id: string; member: string; replace?: string; actor: Actor; now: number }): Promise<Booking> {
  const by = { actor: req.actor };
  const before = await existingBooking(deps, req.id, by);
  const replace = placeToReplace(before, req.actor, req.replace, before.members.length === 1 ? before.members[0]!.id : undefined);
  const config = await configSnapshot(deps.store.db);
  if (!config.members.has(req.member)) throw new Refusal('validation_failed', 'no such member', { member: 'unknown member' });
  if (before.members.some((m) => m.id === req.member)) throw new Refusal('validation_failed', 'the member is already assigned', { member: 'already assigned' });
  const { event, scope } = await recheckScope(deps, config, before, [req.member], before.start, req.now);
  return changeBooking(deps, config, {
    id: req.id,
    by,
    lock: scope.members.map((m) => m.id),
    allowed: holdingStatuses,
    type: 'booking.reassigned',
    now: req.now,
    async work(trx, current) {
      // Again under the lock: someone may have reassigned the booking since it was first read.
      if (!current.members.some((m) => m.id === replace)) throw new Refusal('validation_failed', 'the member to replace is no longer assigned', { replace: 'no longer assigned' });
      if (current.members.some((m) => m.id === req.member)) throw new Refusal('validation_failed', 'the member is already assigned', { member: 'already assigned' });
      const state = await loadEngineState(trx, scope);
      if (!memberCanTake(req.member, event, current.start, state, req.now)) throw new Refusal('slot_unavailable', `${req.member} is not free at this time`);
      const pool = poolOfPlace(current, replace, scope.pools);
      const staysInPool = pool !== undefined && pool.members.some((m) => m.member === req.member);
      const places: Place[] = current.members.map((m) =>
        m.id === replace ? { member: req.member, ...(staysInPool ? { pool: pool.id } : {}) } : placeOf(m),
      );
      await replacePlaces(trx, current, places, req.now);
      await updateBooking(trx, current.id, { sequence: current.sequence + 1 }, req.now);
      await recordActivity(trx, { bookingId: current.id, type: 'reassigned', actor: req.actor, now: req.now, data: { from: replace, to: req.member } });
      return { previous: current };
    },
  });
}
