/**
 * How a pool orders its members for the next booking (DESIGN "Distribution methods"):
 * - `round_robin`: fewest credited bookings first, then longest idle, then id;
 * - `pooled`: longest idle first, then id;
 * - `priority`: highest `priority` number first, then longest idle, then id.
 * Longest idle = earliest last assignment; a member never assigned has been idle longest.
 * Credited = assigned minus, per the pool's `autocorrect` flags, cancellations, reassignments
 * away and no-shows — so whoever lost a booking moves back to the front until caught up.
 */
import type { Pool } from '../config/schema.js';
import type { PoolHistory, PoolMemberStats } from './types.js';

/** Per-member distribution figures of a pool, in the pool's member order. */
export function poolStats(pool: Pool, history: PoolHistory): PoolMemberStats[] {
  const stats = new Map<string, PoolMemberStats>();
  for (const { member } of pool.members) {
    stats.set(member, { member, assigned: 0, cancelled: 0, reassignedAway: 0, noShows: 0, credited: 0, lastAssignedAt: null });
  }
  for (const a of history) {
    if (a.pool !== pool.id) continue;
    const s = stats.get(a.member);
    if (!s) continue;
    const [count, last] = 'count' in a ? [a.count, a.lastAssignedAt] : [1, a.assignedAt];
    s.assigned += count;
    if (a.outcome === 'cancelled') s.cancelled += count;
    else if (a.outcome === 'reassigned_away') s.reassignedAway += count;
    else if (a.outcome === 'no_show') s.noShows += count;
    if (s.lastAssignedAt === null || last > s.lastAssignedAt) s.lastAssignedAt = last;
  }
  const { cancellations, reassignments, noShows } = pool.autocorrect;
  for (const s of stats.values()) {
    s.credited =
      s.assigned - (cancellations ? s.cancelled : 0) - (reassignments ? s.reassignedAway : 0) - (noShows ? s.noShows : 0);
  }
  return [...stats.values()];
}

function idleOrder(a: PoolMemberStats, b: PoolMemberStats): number {
  if (a.lastAssignedAt === b.lastAssignedAt) return 0;
  if (a.lastAssignedAt === null) return -1;
  if (b.lastAssignedAt === null) return 1;
  return a.lastAssignedAt - b.lastAssignedAt;
}

function byId(a: PoolMemberStats, b: PoolMemberStats): number {
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/** The pool's members in the order its method hands out the next booking. */
export function distributionOrder(pool: Pool, history: PoolHistory): string[] {
  const stats = poolStats(pool, history);
  const priority = new Map(pool.members.map((m) => [m.member, m.priority]));
  const compare: Record<Pool['method'], (a: PoolMemberStats, b: PoolMemberStats) => number> = {
    round_robin: (a, b) => a.credited - b.credited || idleOrder(a, b) || byId(a, b),
    pooled: (a, b) => idleOrder(a, b) || byId(a, b),
    priority: (a, b) => (priority.get(b.member) ?? 0) - (priority.get(a.member) ?? 0) || idleOrder(a, b) || byId(a, b),
  };
  return stats.sort(compare[pool.method]).map((s) => s.member);
}
