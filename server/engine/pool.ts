/**
 * A pool as a host. `pooled` and `priority` offer the union of their members' slots;
 * `round_robin` offers only the slots of the member next in line, falling through to the one
 * after when next-in-line has no slot at all within the horizon (as far as the state covers it) (docs/config.md, "pools").
 * Members the state does not know are skipped.
 */
import type { Pool } from '../config/schema.js';
import { awaySpans } from './away.js';
import { absencesIn } from './calibration.js';
import { distributionOrder } from './distribution.js';
import { clipIntervals } from './intervals.js';
import { Scope } from './scope.js';
import { unionSlots } from './slot-sets.js';
import type { SlotList } from './slots.js';
import type { Assignment, Interval } from './types.js';

function knownMembers(scope: Scope, pool: Pool): string[] {
  return distributionOrder(pool, scope.state.history, absencesIn(scope.state, pool)).filter((m) => scope.state.members[m]);
}

/** Whether the member has a slot anywhere the state covers (notice and horizon still apply). */
function hasSlotInCover(scope: Scope, member: string): boolean {
  const { covers } = scope.state;
  const whole = new Scope(scope.event, scope.state, covers.start, covers.end, scope.now);
  return whole.slots(member).starts.length > 0;
}

export function poolSlotList(scope: Scope, pool: Pool): SlotList {
  const members = knownMembers(scope, pool);
  if (pool.method !== 'round_robin') {
    return unionSlots(members.map((m) => scope.slots(m)), scope.range.start, scope.range.end);
  }
  for (let i = 0; i < members.length; i++) {
    const list = scope.slots(members[i]);
    // Next in line but with slots outside the asked range: they stay next, the range stays empty.
    if (list.starts.length > 0 || hasSlotInCover(scope, members[i])) return withStandIns(scope, members, i, list);
  }
  return { starts: [], seats: [] };
}

/**
 * On the days next-in-line is away, the members after them stand in, in the pool's order: each
 * offers their slots where everyone before them is away.
 */
function withStandIns(scope: Scope, members: string[], first: number, list: SlotList): SlotList {
  let gaps = clipIntervals(awaySpans(scope.state.members[members[first]]), scope.range.start, scope.range.end);
  if (gaps.length === 0) return list;
  const lists = [list];
  for (let j = first + 1; j < members.length && gaps.length > 0; j++) {
    lists.push(slotsWithin(scope.slots(members[j]), gaps));
    gaps = intersect(gaps, awaySpans(scope.state.members[members[j]]));
  }
  return unionSlots(lists, scope.range.start, scope.range.end);
}

/** The slots of `list` that start inside one of `spans` (sorted, apart). */
export function slotsWithin(list: SlotList, spans: readonly Interval[]): SlotList {
  const out: SlotList = { starts: [], seats: [] };
  for (let i = 0; i < list.starts.length; i++) {
    if (spans.some((s) => s.start <= list.starts[i] && list.starts[i] < s.end)) {
      out.starts.push(list.starts[i]);
      out.seats.push(list.seats[i]);
    }
  }
  return out;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}

/**
 * The pool's choice among the members who have `start` as a slot, by its method's order; for a
 * group event the members already hosting a session at that start come first.
 */
export function assignPool(scope: Scope, pool: Pool, start: number): Assignment {
  const [member] = poolCandidates(scope, pool, start);
  if (member === undefined) return { ok: false, reason: 'no_member_free', message: `no member of pool ${pool.id} is free at this time` };
  return { ok: true, places: [{ member, pool: pool.id }] };
}

/** Every member of the pool who can take `start`, best first: the pool's choice, then whom it would choose without them, and so on. */
export function poolCandidates(scope: Scope, pool: Pool, start: number): string[] {
  const free = knownMembers(scope, pool).filter((m) => scope.seatsInSlot(m, start) > 0);
  return [...free.filter((m) => scope.hostsSession(m, start)), ...free.filter((m) => !scope.hostsSession(m, start))];
}
