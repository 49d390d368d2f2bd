/**
 * A pool as a host. `pooled` and `priority` offer the union of their members' slots;
 * `round_robin` offers only the slots of the member next in line, falling through to the one
 * after when next-in-line has no slot at all within the horizon (as far as the state covers it) (docs/config.md, "pools").
 * Members the state does not know are skipped.
 */
import type { Pool } from '../config/schema.js';
import { distributionOrder } from './distribution.js';
import { Scope } from './scope.js';
import { unionSlots } from './slot-sets.js';
import type { SlotList } from './slots.js';
import type { Assignment } from './types.js';

function knownMembers(scope: Scope, pool: Pool): string[] {
  return distributionOrder(pool, scope.state.history).filter((m) => scope.state.members[m]);
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
  for (const m of members) {
    const list = scope.slots(m);
    if (list.starts.length > 0) return list;
    // Next in line but with slots outside the asked range: they stay next, the range stays empty.
    if (hasSlotInCover(scope, m)) return list;
  }
  return { starts: [], seats: [] };
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
