/**
 * The host of a page entry — a member, a pool or a panel — as the server sees it: which slots it
 * offers, and who takes a booking at a chosen start. `assign` recomputes the slot from the
 * state it is given, so the server can call it inside the write transaction that serialises
 * bookings for these members: the check and the write stay side by side.
 */
import type { Host } from '../config/schema.js';
import { assignPanel, panelSlotList } from './panel.js';
import { awayAt, awaySpans } from './away.js';
import { assignPool, poolCandidates, poolSlotList, slotsWithin } from './pool.js';
import { Scope } from './scope.js';
import { seatsAt, type SlotList } from './slots.js';
import type { Assignment, EngineState, EventRules, Place, Slot, SlotQuery } from './types.js';
import { MINUTE } from './zoned-time.js';

function hostSlotList(scope: Scope, host: Host): SlotList {
  if (scope.empty) return { starts: [], seats: [] };
  if ('member' in host) return scope.slots(host.member);
  if ('pool' in host) {
    const pool = scope.state.pools[host.pool];
    return pool ? poolSlotList(scope, pool) : { starts: [], seats: [] };
  }
  return panelSlotList(scope, host.panel);
}

/**
 * The slots the host can take with starts in `[from, to)`, sorted and unique. A member's own
 * page offers, on their days away with a hand-over, the colleague's slots, naming them as `host`.
 */
export function hostSlots(q: SlotQuery): Slot[] {
  const scope = new Scope(q.event, q.state, q.from, q.to, q.now);
  const { starts, seats } = hostSlotList(scope, q.host);
  const duration = q.event.durationMinutes * MINUTE;
  const slots: Slot[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i++) slots[i] = { start: starts[i], end: starts[i] + duration, seatsLeft: seats[i] };
  if (!('member' in q.host) || scope.empty || !q.state.members[q.host.member]?.away?.length) return slots;
  const handedOver = handOvers(scope, q.host.member).flatMap(({ member, list }) =>
    list.starts.map((start, i): Slot => ({ start, end: start + duration, seatsLeft: list.seats[i], host: member })),
  );
  // The member is busy all day away, so their own slots never share a start with a stand-in's.
  return handedOver.length === 0 ? slots : [...slots, ...handedOver].sort((a, b) => a.start - b.start);
}

/** The colleagues' slots on the member's days away that they hand over, within the scope's range. */
function handOvers(scope: Scope, memberId: string): { member: string; list: SlotList }[] {
  const member = scope.state.members[memberId];
  if (!member) return [];
  return awaySpans(member)
    .filter((span) => span.handOverTo !== undefined && scope.state.members[span.handOverTo] && span.end > scope.range.start && span.start < scope.range.end)
    .map((span) => ({ member: span.handOverTo!, list: slotsWithin(scope.slots(span.handOverTo!), [span]) }));
}

/** The colleague who takes the member's meetings at `start`, when the member is away then and handed over. */
function handOverAt(state: EngineState, memberId: string, start: number): string | undefined {
  const member = state.members[memberId];
  const span = member && awayAt(member, start);
  return span?.handOverTo !== undefined && state.members[span.handOverTo] ? span.handOverTo : undefined;
}

/**
 * Who takes a booking of `event` at `start` for this host: `start` must be one of the host's
 * slots in `state` (notice, horizon, availability, busy and buffers, caps, seats), and the
 * member(s) are picked per the distribution method.
 */
export function assign(host: Host, event: EventRules, start: number, state: EngineState, now: number): Assignment {
  const scope = new Scope(event, state, start, start + 1, now);
  if (scope.empty) return { ok: false, reason: 'slot_unavailable', message: 'this time is outside the notice and horizon of the event type' };
  if ('member' in host) {
    const standIn = handOverAt(state, host.member, start);
    if (standIn !== undefined) {
      return scope.seatsInSlot(standIn, start) > 0
        ? { ok: true, places: [{ member: standIn }] }
        : { ok: false, reason: 'slot_unavailable', message: `member ${host.member} is away and ${standIn} cannot take this time` };
    }
    return scope.seatsInSlot(host.member, start) > 0
      ? { ok: true, places: [{ member: host.member }] }
      : { ok: false, reason: 'slot_unavailable', message: `member ${host.member} cannot take this time` };
  }
  if ('pool' in host) {
    const pool = state.pools[host.pool];
    if (!pool) return { ok: false, reason: 'slot_unavailable', message: `unknown pool ${host.pool}` };
    return assignPool(scope, pool, start);
  }
  return assignPanel(scope, host.panel, start);
}

/**
 * For a pool host, every member who can take a booking at `start`, in the order the pool would
 * choose them (`assign` takes the first): a writer that finds its first choice busy being booked
 * by someone else can move down the list. `undefined` for a member or panel host.
 */
export function poolChoices(host: Host, event: EventRules, start: number, state: EngineState, now: number): Place[] | undefined {
  if (!('pool' in host)) return undefined;
  const pool = state.pools[host.pool];
  const scope = new Scope(event, state, start, start + 1, now);
  if (!pool || scope.empty) return [];
  return poolCandidates(scope, pool, start).map((member) => ({ member, pool: pool.id }));
}

/**
 * Whether the members of `places` can still take a booking of `event` at `start`: each has the
 * start as a slot with a seat left. For a writer that chose them on an earlier read and has since
 * locked them, to re-check on a fresh one (the choice itself may no longer be the fairest).
 */
export function placesFree(places: readonly Place[], event: EventRules, start: number, state: EngineState, now: number): boolean {
  const scope = new Scope(event, state, start, start + 1, now);
  return !scope.empty && places.every((place) => scope.seatsInSlot(place.member, start) > 0);
}

/**
 * Whether this one member can take the event at `start` — every rule of a slot except the grid,
 * since an admin reassigning a booking to a named member picks the time, not the member's grid.
 */
export function memberCanTake(memberId: string, event: EventRules, start: number, state: EngineState, now: number): boolean {
  const scope = new Scope(event, state, start, start + 1, now);
  const cal = scope.calendar(memberId);
  return cal !== undefined && seatsAt(cal, event, start, scope.range) > 0;
}

/**
 * Whether this one member offers `start` as one of their slots, the grid included: a customer
 * moving their booking chooses among the times they were offered, on the member's clock.
 */
export function memberOffers(memberId: string, event: EventRules, start: number, state: EngineState, now: number): boolean {
  const scope = new Scope(event, state, start, start + 1, now);
  return !scope.empty && scope.seatsInSlot(memberId, start) > 0;
}
