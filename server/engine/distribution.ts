/**
 * How a pool orders its members for the next booking (docs/config.md, "pools"):
 * - `round_robin`: fewest credited bookings first, then longest idle, then id;
 * - `pooled`: longest idle first, then id — with weights other than 1, furthest behind their
 *   weighted share first, as round robin (below), then longest idle, then id;
 * - `priority`: highest `priority` number first, then longest idle, then id.
 * Longest idle = earliest last assignment; a member never assigned has been idle longest.
 * Credited = assigned minus, per the pool's `autocorrect` flags, cancellations, reassignments
 * away and no-shows — so whoever lost a booking moves back to the front until caught up.
 *
 * Weighted round robin: "fewest credited" is, precisely, "furthest behind their share of the
 * next booking": the member with the largest `weight × (total + 1) / sum of weights − credited`,
 * where credited includes calibration (calibration.ts) and total is every member's. With equal
 * weights and no calibration that is exactly the fewest credited. This greedy rule keeps each
 * member within one meeting of `weight × total / sum of weights` (test/engine/weighted-round-robin.test.ts).
 */
import type { Pool } from '../config/schema.js';
import { calibrations, countsShares, type Absences } from './calibration.js';
import type { AssignmentTally, Instant, PoolAssignment, PoolHistory, PoolMemberStats } from './types.js';

type Counts = NonNullable<AssignmentTally['counts']>;

const noFigures = (member: string): PoolMemberStats => ({ member, assigned: 0, cancelled: 0, reassignedAway: 0, noShows: 0, credited: 0, lastAssignedAt: null });

function addTo(s: PoolMemberStats, counts: Counts, last: Instant): void {
  s.assigned += (counts.held ?? 0) + (counts.completed ?? 0) + (counts.cancelled ?? 0) + (counts.reassigned_away ?? 0) + (counts.no_show ?? 0);
  s.cancelled += counts.cancelled ?? 0;
  s.reassignedAway += counts.reassigned_away ?? 0;
  s.noShows += counts.no_show ?? 0;
  if (s.lastAssignedAt === null || last > s.lastAssignedAt) s.lastAssignedAt = last;
}

function credit(s: PoolMemberStats, autocorrect: Pool['autocorrect']): void {
  s.credited = s.assigned - (autocorrect.cancellations ? s.cancelled : 0) - (autocorrect.reassignments ? s.reassignedAway : 0) - (autocorrect.noShows ? s.noShows : 0);
}

/** Per-member distribution figures of a pool, in the pool's member order. */
export function poolStats(pool: Pool, history: PoolHistory): PoolMemberStats[] {
  const stats = new Map<string, PoolMemberStats>();
  for (const { member } of pool.members) stats.set(member, noFigures(member));
  for (const a of history) {
    if (a.pool !== pool.id) continue;
    const s = stats.get(a.member);
    if (!s) continue;
    if ('outcome' in a) addTo(s, { [a.outcome]: 1 }, a.assignedAt);
    else addTo(s, a.counts ?? {}, a.lastAssignedAt);
  }
  for (const s of stats.values()) credit(s, pool.autocorrect);
  return [...stats.values()];
}

/**
 * One member's figures over their places, whichever pool drew them or none: `credited` is what
 * stood (assigned minus cancelled, reassigned away and no-shows), as a pool with every
 * `autocorrect` flag on counts it.
 */
export function memberFigures(member: string, places: readonly Pick<PoolAssignment, 'assignedAt' | 'outcome'>[]): PoolMemberStats {
  const s = noFigures(member);
  for (const place of places) addTo(s, { [place.outcome]: 1 }, place.assignedAt);
  credit(s, { cancellations: true, reassignments: true, noShows: true });
  return s;
}

/** What decides between two members, in the order a method asks: the first that tells them apart. */
export type OrderCriterion = 'fewest_credited' | 'longest_waiting' | 'priority' | 'id_order';

interface Criterion {
  kind: OrderCriterion;
  compare(a: PoolMemberStats, b: PoolMemberStats): number;
  /** The figures this criterion compared, to say why one came first. */
  figures(s: PoolMemberStats): LineFigures;
}

/** Differences below this are float noise between equal shares: the next criterion decides. */
const EPSILON = 1e-9;

/** Round robin's "fewest credited": how far each member is behind their weighted share of the next booking. */
function behindShare(pool: Pool, stats: readonly PoolMemberStats[], calibration: ReadonlyMap<string, number>): (s: PoolMemberStats) => number {
  const weightOf = new Map(pool.members.map((m) => [m.member, m.weight ?? 1]));
  let total = 0;
  let weights = 0;
  for (const s of stats) total += s.credited + (calibration.get(s.member) ?? 0);
  for (const w of weightOf.values()) weights += w;
  const behind = new Map<string, number>();
  for (const s of stats) behind.set(s.member, ((weightOf.get(s.member) ?? 1) * (total + 1)) / weights - s.credited - (calibration.get(s.member) ?? 0));
  return (s) => behind.get(s.member) ?? 0;
}

function criteria(pool: Pool, stats: readonly PoolMemberStats[], calibration: ReadonlyMap<string, number>): Criterion[] {
  const priorityOf = (s: PoolMemberStats) => pool.members.find((m) => m.member === s.member)?.priority ?? 0;
  // Equal weights and no calibration: furthest behind is exactly the fewest credited, compared as such.
  const plain = calibration.size === 0 && pool.members.every((m) => (m.weight ?? 1) === 1);
  const behind = countsShares(pool) && !plain ? behindShare(pool, stats, calibration) : () => 0;
  const credited: Criterion = {
    kind: 'fewest_credited',
    compare: plain
      ? (a, b) => a.credited - b.credited
      : (a, b) => {
          const d = behind(b) - behind(a);
          return Math.abs(d) < EPSILON ? 0 : d;
        },
    figures: (s) => ({ credited: s.credited }),
  };
  const idle: Criterion = {
    kind: 'longest_waiting',
    compare: (a, b) => {
      if (a.lastAssignedAt === b.lastAssignedAt) return 0;
      if (a.lastAssignedAt === null) return -1;
      if (b.lastAssignedAt === null) return 1;
      return a.lastAssignedAt - b.lastAssignedAt;
    },
    figures: (s) => ({ lastAssignedAt: s.lastAssignedAt }),
  };
  const priority: Criterion = { kind: 'priority', compare: (a, b) => priorityOf(b) - priorityOf(a), figures: (s) => ({ priority: priorityOf(s) }) };
  const id: Criterion = { kind: 'id_order', compare: (a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0), figures: () => ({}) };
  const pooled = countsShares(pool) ? [credited, idle, id] : [idle, id];
  return { round_robin: [credited, idle, id], pooled, priority: [priority, idle, id] }[pool.method];
}

/** The first criterion that tells `a` from `b`, by its index; -1 when none does. */
function decidingIndex(list: readonly Criterion[], a: PoolMemberStats, b: PoolMemberStats): number {
  return list.findIndex((c) => c.compare(a, b) !== 0);
}

function ordered(pool: Pool, history: PoolHistory, absences: Absences): { list: Criterion[]; stats: PoolMemberStats[] } {
  const stats = poolStats(pool, history);
  const calibration = countsShares(pool) ? calibrations(pool, history, absences) : new Map<string, number>();
  const list = criteria(pool, stats, calibration);
  stats.sort((a, b) => {
    const at = decidingIndex(list, a, b);
    return at < 0 ? 0 : list[at]!.compare(a, b);
  });
  return { list, stats };
}

/**
 * The pool's members in the order its method hands out the next booking. `absences` (who joined
 * when, who is away when) calibrate round robin; without them, nobody was ever absent.
 */
export function distributionOrder(pool: Pool, history: PoolHistory, absences: Absences = {}): string[] {
  return ordered(pool, history, absences).stats.map((s) => s.member);
}

/**
 * Why the first in line is first: the criterion that put them before the runner-up, with the
 * figures each had on it and on the criteria before it (which tied). A pool of one has no runner-up.
 */
export type NextReason = { kind: 'only_member' } | ({ kind: OrderCriterion; runnerUp: { member: string } & LineFigures } & LineFigures);

/** The figures the criteria weigh: credited bookings, the last assignment (null: never), the pool's priority number. */
export interface LineFigures {
  credited?: number;
  lastAssignedAt?: Instant | null;
  priority?: number;
}

/** Who the pool's order puts first for the next booking, and why; `null` for a pool without members. */
export function nextInLine(pool: Pool, history: PoolHistory, absences: Absences = {}): { member: string; reason: NextReason } | null {
  const { list, stats: [first, second] } = ordered(pool, history, absences);
  if (!first) return null;
  if (!second) return { member: first.member, reason: { kind: 'only_member' } };
  // Two members never tie on every criterion: the last one is their id.
  const weighed = list.slice(0, decidingIndex(list, first, second) + 1);
  const figures = (s: PoolMemberStats): LineFigures => Object.assign({}, ...weighed.map((c) => c.figures(s)));
  return { member: first.member, reason: { kind: weighed.at(-1)!.kind, ...figures(first), runnerUp: { member: second.member, ...figures(second) } } };
}
