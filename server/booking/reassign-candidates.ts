/**
 * Who could take a booking — or one member's place in it — at its time: the members a
 * reassignment accepts (any member of the config not assigned to the booking yet) who are free
 * then, judged by the very check the reassignment makes (`memberCanTake` on the state
 * `recheckScope` loads: working hours, date overrides, other bookings, calendar busy time,
 * buffers, caps). Members of the place's pool come first, in the order the pool hands out its
 * next booking (its next in line first), then everyone else by name.
 */
import { holdingStatuses } from '../../shared/booking-status.js';
import { byName } from '../config/display-order.js';
import { absencesIn, distributionOrder, memberCanTake } from '../engine/index.js';
import type { Actor } from '../store/activity.js';
import { configSnapshot } from '../store/config-repository.js';
import { loadEngineState } from '../store/engine-state.js';
import { existingBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { placeToReplace, poolOfPlace } from './reassign-booking.js';
import { recheckScope } from './recheck.js';
import { Refusal } from './refusal.js';

export interface Candidate {
  id: string;
  name: string;
  /** The one the place's pool would choose next among those free. */
  nextInLine: boolean;
}

/** `replace` left out: the acting member's own place, else the booking's first member's. */
export async function reassignCandidates(deps: BookingDeps, req: { id: string; replace?: string; actor: Actor; now: number }): Promise<Candidate[]> {
  const before = await existingBooking(deps, req.id, { actor: req.actor });
  // A reassignment would refuse it: offering names for it would mislead.
  if (!holdingStatuses.includes(before.status)) throw new Refusal('invalid_state', `the booking is ${before.status}`);
  const replace = placeToReplace(before, req.actor, req.replace, before.members[0]?.id);
  const config = await configSnapshot(deps.store.db);
  const assigned = new Set(before.members.map((m) => m.id));
  const others = [...config.members.keys()].filter((id) => !assigned.has(id));
  const { event, scope } = await recheckScope(deps, config, before, others, before.start, req.now);
  const state = await loadEngineState(deps.store.db, scope);
  const free = new Set(others.filter((id) => memberCanTake(id, event, before.start, state, req.now)));

  const pool = poolOfPlace(before, replace, scope.pools);
  const inLine = pool ? distributionOrder(pool, state.history, absencesIn(state, pool)).filter((id) => free.has(id)) : [];
  const fromPool = new Set(inLine);
  const candidate = (id: string) => ({ id, name: config.members.get(id)!.name });
  return [
    ...inLine.map((id, place) => ({ ...candidate(id), nextInLine: place === 0 })),
    ...[...free].filter((id) => !fromPool.has(id)).map(candidate).sort(byName).map((c) => ({ ...c, nextInLine: false })),
  ];
}
