/**
 * Round robin's calibration (docs/config.md, "weights and calibration"): a member who was not
 * there to take meetings is credited with the share they would have had, so that when they come
 * back (or first arrive) they neither take every meeting until they catch up nor are held back.
 *
 * The share is the pool's average weighted share over the time they missed: for every credited
 * meeting the other members took then, `weight / (sum of the others' weights)`. They missed
 * - as a **joiner**, the assignments made in the period before they joined, by the members who
 *   had joined before them;
 * - when **away**, the meetings that fall on their days away, by every other member — whenever
 *   those meetings were booked, since it is the meeting they could not take.
 * With that credit, the member's distance to their share is what it was when they left (for a
 * joiner: none), however long the absence. Only single assignments (with `assignedAt` and, for
 * days away, `start`) are counted: a tally carries no times.
 */
import type { Pool } from '../config/schema.js';
import { awaySpans } from './away.js';
import type { EngineState, Instant, Interval, MemberSchedule, PoolAssignment, PoolHistory } from './types.js';

/** What the engine knows of when a pool's members were not there. */
export interface Absences {
  /** member → when they joined the pool; left out: always there. */
  joined?: Readonly<Record<string, Instant>>;
  /** member → their days away as UTC intervals. */
  away?: Readonly<Record<string, readonly Interval[]>>;
}

/**
 * Whether the pool shares its bookings by weighted counts: `round_robin` always (equal weights are
 * the fewest credited), `pooled` once any member's weight is not 1 — then, among the members free
 * at the chosen time, the one furthest behind their share first, longest idle on a tie.
 */
export function countsShares(pool: Pool): boolean {
  return pool.method === 'round_robin' || (pool.method === 'pooled' && pool.members.some((m) => (m.weight ?? 1) !== 1));
}

export function weightOf(pool: Pool, member: string): number {
  return pool.members.find((m) => m.member === member)?.weight ?? 1;
}

/** Whether an assignment with this outcome still counts for its member, per the pool's `autocorrect`. */
export function stillCredited(outcome: PoolAssignment['outcome'], autocorrect: Pool['autocorrect']): boolean {
  if (outcome === 'cancelled') return !autocorrect.cancellations;
  if (outcome === 'reassigned_away') return !autocorrect.reassignments;
  if (outcome === 'no_show') return !autocorrect.noShows;
  return true;
}

/** Each member's calibration credit (0 for a member never absent), by member id. */
export function calibrations(pool: Pool, history: PoolHistory, absences: Absences): Map<string, number> {
  const result = new Map<string, number>();
  const joined = absences.joined ?? {};
  const away = absences.away ?? {};
  const members = pool.members.map((m) => m.member);
  const needed = members.filter((m) => joined[m] !== undefined || (away[m]?.length ?? 0) > 0);
  if (needed.length === 0) return result;
  const credited = history.filter(
    (a): a is PoolAssignment => a.pool === pool.id && 'outcome' in a && stillCredited(a.outcome, pool.autocorrect),
  );
  for (const m of needed) {
    let credit = 0;
    const joinedAt = joined[m];
    if (joinedAt !== undefined) {
      const before = members.filter((o) => o !== m && (joined[o] === undefined || joined[o] < joinedAt));
      credit += share(pool, m, before, credited.filter((a) => a.assignedAt < joinedAt));
    }
    const spans = away[m] ?? [];
    if (spans.length > 0) {
      const others = members.filter((o) => o !== m);
      credit += share(pool, m, others, credited.filter((a) => a.start !== undefined && spans.some((s) => s.start <= a.start! && a.start! < s.end)));
    }
    result.set(m, credit);
  }
  return result;
}

/** `member`'s weighted share of what `others` were credited in `assignments`. */
function share(pool: Pool, member: string, others: string[], assignments: PoolAssignment[]): number {
  const set = new Set(others);
  const weight = others.reduce((sum, o) => sum + weightOf(pool, o), 0);
  if (weight === 0) return 0;
  const taken = assignments.filter((a) => set.has(a.member)).length;
  return (weightOf(pool, member) * taken) / weight;
}

/** The absences the state knows of for `pool`: its join times and its members' days away. */
export function absencesIn(
  state: { joined?: EngineState['joined']; members: Readonly<Record<string, Pick<MemberSchedule, 'id' | 'timezone' | 'away'>>> },
  pool: Pool,
): Absences {
  const away: Record<string, Interval[]> = {};
  for (const { member } of pool.members) {
    const schedule = state.members[member];
    const spans = schedule ? awaySpans(schedule) : [];
    if (spans.length > 0) away[member] = spans;
  }
  return { joined: state.joined?.[pool.id], away };
}
