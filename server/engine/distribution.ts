/**
 * How a pool orders its members for the next booking (docs/config.md, "pools"):
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
    const counts = 'outcome' in a ? { [a.outcome]: 1 } : (a.counts ?? {});
    const last = 'outcome' in a ? a.assignedAt : a.lastAssignedAt;
    s.assigned += (counts.held ?? 0) + (counts.completed ?? 0) + (counts.cancelled ?? 0) + (counts.reassigned_away ?? 0) + (counts.no_show ?? 0);
    s.cancelled += counts.cancelled ?? 0;
    s.reassignedAway += counts.reassigned_away ?? 0;
    s.noShows += counts.no_show ?? 0;
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
