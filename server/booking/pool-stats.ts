/**
 * How a pool has spread its bookings over its members: per-member figures over a range of days
 * (`poolDistribution`), and the dashboard's view of them — the same figures over days in the
 * reader's zone, their weekly series, and who is next in line and why (`poolDashboard`).
 */
import { absencesIn, DAY, dateOfDayNumber, dayNumberOf, localDayOf, nextInLine, poolStats, weeklyAssigned, zonedDayRange, type NextReason, type PoolMemberStats, type WeekCounts } from '../engine/index.js';
import type { Pool } from '../config/schema.js';
import { configSnapshot, getPool, membersById } from '../store/config-repository.js';
import { distributionHistory, loadPoolHistory } from '../store/engine-state.js';
import type { BookingDeps } from './booking-deps.js';
import { Refusal } from './refusal.js';

/** `from` and `to` are inclusive UTC days (`YYYY-MM-DD`); either may be left open. */
export async function poolDistribution(deps: BookingDeps, query: { pool: string; from?: string; to?: string }): Promise<{ pool: Pool; members: PoolMemberStats[] }> {
  const pool = await getPool(deps.store.db, query.pool);
  if (!pool) throw new Refusal('not_found', 'no such pool');
  const history = await loadPoolHistory(deps.store.db, pool.id, query.from ? Date.parse(query.from) : undefined, query.to ? Date.parse(query.to) + DAY : undefined);
  return { pool, members: poolStats(pool, history) };
}

/** What a dashboard covers when not told: the four weeks up to today. */
export const DEFAULT_DAYS = 28;
/** The most one dashboard covers: a year and a day, so a leap year's whole year fits. */
export const MAX_DAYS = 366;

export interface StatsDays {
  /** Inclusive days (`YYYY-MM-DD`) in `timezone`. */
  from: string;
  to: string;
  timezone: string;
  /** The instants those days span, `[start, end)`. */
  range: { start: number; end: number };
}

/** The days a dashboard covers: `to` is today (in `timezone`) when left out, `from` the `DEFAULT_DAYS` ending on `to`. */
export function statsDays(query: { from?: string; to?: string; timezone: string }, now: number): StatsDays {
  const to = query.to ?? dateOfDayNumber(localDayOf(query.timezone, now));
  const from = query.from ?? dateOfDayNumber(dayNumberOf(to) - DEFAULT_DAYS + 1);
  const days = dayNumberOf(to) - dayNumberOf(from) + 1;
  if (days < 1) throw new Refusal('validation_failed', 'the range is empty', { to: 'must not be before from' });
  if (days > MAX_DAYS) throw new Refusal('validation_failed', `at most ${MAX_DAYS} days`, { to: `at most ${MAX_DAYS} days after from` });
  return { from, to, timezone: query.timezone, range: zonedDayRange(from, to, query.timezone) };
}

export interface PoolDashboard {
  pool: Pool;
  days: StatsDays;
  /** In the pool's member order, with their names (a member since removed keeps their id as name). */
  members: (PoolMemberStats & { name: string })[];
  /** Who the pool's order puts first for a booking made now; `null` when none of its members is left in the config. */
  next: { member: string; reason: NextReason } | null;
  weeks: WeekCounts[];
}

export async function poolDashboard(deps: BookingDeps, query: { pool: string; from?: string; to?: string; timezone: string; now: number }): Promise<PoolDashboard> {
  const config = await configSnapshot(deps.store.db);
  const pool = config.pools.get(query.pool);
  if (!pool) throw new Refusal('not_found', 'no such pool');
  const days = statsDays(query, query.now);
  const history = await loadPoolHistory(deps.store.db, pool.id, days.range.start, days.range.end);
  const members = poolStats(pool, history).map((s) => ({ ...s, name: config.members.get(s.member)?.name ?? s.member }));
  // As the engine orders the pool for the next booking: over its own history window, among the
  // members the config still has (the engine skips the others).
  const present = { ...pool, members: pool.members.filter((m) => config.members.has(m.member)) };
  const team = membersById(config, present.members.map((m) => m.member));
  const { history: recent, joined } = await distributionHistory(deps.store.db, present, query.now, team);
  const next = nextInLine(present, recent, absencesIn({ joined, members: Object.fromEntries(team.map((m) => [m.id, m])) }, present));
  const weeks = weeklyAssigned(history, pool.members.map((m) => m.member), days.timezone, days.from, days.to);
  return { pool, days, members, next, weeks };
}
