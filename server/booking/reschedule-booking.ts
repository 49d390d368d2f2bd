/**
 * Move a booking to a new time, keeping its members when they are all free then, otherwise
 * assigning again through the host. Same booking, same invite UID, SEQUENCE + 1.
 */
import type { Kysely } from 'kysely';
import { holdingStatuses } from '../../shared/booking-status.js';
import { assign, DAY, memberOffers, type Place } from '../engine/index.js';
import { activityTimes, recordActivity } from '../store/activity.js';
import { placeOf, type Booking } from '../store/booking.js';
import { replacePlaces, updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { loadEngineState } from '../store/engine-state.js';
import type { Database } from '../store/database.js';
import { toStored } from '../store/identifiers.js';
import { changeBooking, existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { recheckScope } from './recheck.js';
import { RateLimited, Refusal } from './refusal.js';

/**
 * Every move emails the customer and each member, so a booking moves at most this often in any
 * 24 hours: more than a customer unsure of their diary needs, too few to flood an inbox. Counted
 * in the activity stream, under the members' locks, so it holds across restarts and processes.
 */
export const MOVES_PER_DAY = 5;

async function ensureMayMove(trx: Kysely<Database>, bookingId: string, now: number): Promise<void> {
  const moves = await activityTimes(trx, bookingId, 'rescheduled', now - DAY);
  if (moves.length < MOVES_PER_DAY) return;
  // The move that must leave the window before there is room for one more.
  const freedAt = moves[moves.length - MOVES_PER_DAY]! + DAY;
  throw new RateLimited(`a booking moves at most ${MOVES_PER_DAY} times a day`, Math.ceil((freedAt - now) / 1000));
}

export async function rescheduleBooking(deps: BookingDeps, req: { id: string; token: string; start: number; now: number }): Promise<Booking> {
  const by = { token: req.token };
  const before = await existingBooking(deps, req.id, by);
  const config = await configSnapshot(deps.store.db);
  const { event, end, scope } = await recheckScope(deps, config, before, [], req.start, req.now);
  return changeBooking(deps, config, {
    id: req.id,
    by,
    lock: scope.members.map((m) => m.id),
    // A move may take the booking into a period the team's limit has filled.
    teamLimited: event.teamLimit ? event.id : undefined,
    allowed: holdingStatuses,
    type: 'booking.rescheduled',
    now: req.now,
    async work(trx, current) {
      if (req.now >= current.start) throw new Refusal('too_late', 'the booking has already started');
      // Nothing would change but the emails would still go out.
      if (req.start === current.start) throw new Refusal('validation_failed', 'the booking is already at this time', { start: 'the booking is already at this time' });
      await ensureMayMove(trx, current.id, req.now);
      // Visitors' live holds are taken time, as for a new booking.
      const state = await loadEngineState(trx, { ...scope, holdsAt: req.now });
      let places: Place[] = current.members.map(placeOf);
      if (!current.members.every((m) => memberOffers(m.id, event, req.start, state, req.now))) {
        const assignment = assign(current.host, event, req.start, state, req.now);
        if (!assignment.ok) throw new Refusal('slot_unavailable', assignment.message);
        places = assignment.places;
      }
      await replacePlaces(trx, current, places, req.now);
      await updateBooking(trx, current.id, { start: req.start, end, sequence: current.sequence + 1 }, req.now);
      await recordActivity(trx, {
        bookingId: current.id,
        type: 'rescheduled',
        actor: 'customer',
        now: req.now,
        data: { from: toStored(current.start), to: toStored(req.start), members: places.map((p) => p.member) },
      });
      return { manageToken: req.token, previous: current };
    },
  });
}
