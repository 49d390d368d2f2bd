/**
 * Loads what the engine needs to decide when and who (`EngineState`) for one host over one range:
 * the members' schedules (config busy time plus the calendar busy time the caller fetched), their
 * held bookings and the pools' assignment history. A writer reads it inside its write
 * transaction, so the check sees every booking committed before the lock was taken.
 */
import { sql, type Kysely } from 'kysely';
import { holdingStatuses } from '../../shared/booking-status.js';
import type { Member, Pool } from '../config/schema.js';
import {
  DAY,
  REACH,
  capReach,
  countsShares,
  periodStart,
  type AssignmentTally,
  type EngineState,
  type EventRules,
  type HeldBooking,
  type Interval,
  type PoolAssignment,
  type ResolvedHost,
} from '../engine/index.js';
import type { Database } from './database.js';
import { hashHoldToken } from './holds.js';
import { fromStored, toStored } from './identifiers.js';

/** The config schema caps a meeting's duration and each of its buffers at 24 hours. */
const LONGEST = DAY;
const YEAR_10000 = Date.UTC(10_000, 0, 1);

export interface StateScope extends ResolvedHost {
  from: number;
  to: number;
  calendarBusy?: Record<string, Interval[]>;
  /** A booking being changed: its own hold must not block its new time. */
  excludeBooking?: string;
  /**
   * The event type when the state is for checking a single start (`assign`): then only the held
   * bookings that can overlap it — and, under daily or weekly caps, the event type's own bookings
   * around it — are read, not every booking of the members in the days around.
   */
  checking?: EventRules;
  /**
   * The event type whose month, year and team-wide caps the state must count (`checking` counts
   * too): its own bookings are then read as far around the range as its caps reach, and, under a
   * team-wide limit, those of every member.
   */
  counting?: EventRules;
  /**
   * Holds live at this instant (`expires_at` after it) take their members' time as bookings do:
   * a visitor's form in progress. Left out, holds are not read.
   */
  holdsAt?: number;
  /** The hold token of the booking being made: its own hold does not block it. */
  ownHold?: string;
  /** When the booking is made (or the slots asked for): the pools' periods end here. `from` when left out. */
  now?: number;
}

/**
 * Held bookings of the members that the engine may need for `scope`, by time first so that the
 * `bookings_start` index bounds the scan on both sides, however long the history is.
 */
function heldBookings(db: Kysely<Database>, scope: StateScope, memberIds: string[]) {
  const event = scope.checking;
  const capped = !event || event.maxPerDay !== undefined || event.maxPerWeek !== undefined;
  // A member's booked minutes per day count every meeting of their day, whatever its type.
  const wholeDays = scope.members.some((m) => m.maxBookedMinutesPerDay !== undefined);
  // Busy time the new meeting must not touch; a held booking reaches at most one buffer further.
  const lo = scope.from - (event ? event.bufferBeforeMinutes * 60_000 : 0);
  const hi = scope.to + (event ? (event.durationMinutes + event.bufferAfterMinutes) * 60_000 : 0);
  const reach = capped ? REACH : LONGEST;
  // A cross join with the join condition in WHERE: SQLite then walks `bookings` by time first
  // instead of every booking of each member through `booking_members_member`; PostgreSQL plans it as the inner join it is.
  let query = db
    .selectFrom('bookings as b')
    .crossJoin('booking_members as bm')
    .whereRef('bm.booking_id', '=', 'b.id')
    .select(['b.id', 'b.event_type', 'b.start_at', 'b.end_at', 'b.buffer_before', 'b.buffer_after', 'bm.member_id'])
    .where('b.start_at', '>=', toStored(lo - reach - LONGEST))
    .where('b.start_at', '<', toStored(hi + reach))
    .where('b.end_at', '>', toStored(lo - reach))
    .where('b.status', 'in', [...holdingStatuses])
    .where('bm.member_id', 'in', memberIds);
  if (event && !wholeDays) {
    // Without buffers of its own, a held booking matters only if it overlaps; caps count the event type's own.
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('b.start_at', '<', toStored(hi)), eb('b.end_at', '>', toStored(lo))]),
        eb('b.buffer_before', '>', 0),
        eb('b.buffer_after', '>', 0),
        ...(capped ? [eb('b.event_type', '=', event.id)] : []),
      ]),
    );
  }
  if (scope.holdsAt === undefined) return query.execute();
  // Live holds in the same statement, so the read stays one round trip. They are found by expiry
  // first (`holds_expiry`): with no live hold that is an empty index range, whatever waits to be
  // cleaned. A hold's id cannot meet a booking's: the prefix is not in base64url.
  let holds = db
    .selectFrom('holds')
    .select([sql<string>`'hold:' || token_hash`.as('id'), 'event_type', 'start_at', 'end_at', 'buffer_before', 'buffer_after', 'member_id'])
    .where('expires_at', '>', toStored(scope.holdsAt))
    .where('start_at', '<', toStored(hi + reach))
    .where('end_at', '>', toStored(lo - reach))
    .where('member_id', 'in', memberIds);
  if (scope.ownHold !== undefined) holds = holds.where('token_hash', '<>', hashHoldToken(scope.ownHold));
  return query.unionAll(holds).execute();
}

/**
 * The event type's own held bookings as far around the range as its caps reach (a year's cap
 * counts its whole year): of the scope's members, or of everyone under a team-wide limit.
 */
function countedBookings(db: Kysely<Database>, scope: StateScope, event: EventRules, memberIds: string[]) {
  const reach = Math.max(capReach(event), REACH);
  let query = db
    .selectFrom('bookings as b')
    .crossJoin('booking_members as bm')
    .whereRef('bm.booking_id', '=', 'b.id')
    .select(['b.id', 'b.event_type', 'b.start_at', 'b.end_at', 'b.buffer_before', 'b.buffer_after', 'bm.member_id'])
    .where('b.start_at', '>=', toStored(scope.from - reach))
    .where('b.start_at', '<', toStored(scope.to + reach))
    .where('b.event_type', '=', event.id)
    .where('b.status', 'in', [...holdingStatuses]);
  if (!event.teamLimit) query = query.where('bm.member_id', 'in', memberIds);
  return query.execute();
}

export async function loadEngineState(db: Kysely<Database>, scope: StateScope): Promise<EngineState> {
  const memberIds = scope.members.map((m) => m.id);
  const rows = memberIds.length === 0 ? [] : await heldBookings(db, scope, memberIds);
  const counting = scope.counting ?? scope.checking;
  if (counting && memberIds.length > 0 && (capReach(counting) > REACH || counting.teamLimit)) rows.push(...(await countedBookings(db, scope, counting, memberIds)));
  const held = new Map<string, HeldBooking>();
  for (const row of rows) {
    if (row.id === scope.excludeBooking) continue;
    const booking = held.get(row.id) ?? {
      id: row.id,
      eventType: row.event_type,
      start: fromStored(row.start_at),
      end: fromStored(row.end_at),
      bufferBeforeMinutes: row.buffer_before,
      bufferAfterMinutes: row.buffer_after,
      members: [],
    };
    // The counted bookings may repeat rows the first read had.
    if (!booking.members.includes(row.member_id)) booking.members.push(row.member_id);
    held.set(row.id, booking);
  }
  const { history, joined } = scope.pools.length === 0 ? { history: [], joined: {} } : await poolHistory(db, scope.pools, scope.now ?? scope.from, scope.members);
  return {
    members: Object.fromEntries(
      scope.members.map((m) => [
        m.id,
        {
          id: m.id,
          timezone: m.timezone,
          weekly: m.weekly,
          overrides: m.overrides,
          busy: [...m.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })), ...(scope.calendarBusy?.[m.id] ?? [])],
          ...(m.maxBookedMinutesPerDay === undefined ? {} : { maxBookedMinutesPerDay: m.maxBookedMinutesPerDay }),
          ...(m.away?.length ? { away: m.away } : {}),
        },
      ]),
    ),
    pools: Object.fromEntries(scope.pools.map((p) => [p.id, p])),
    bookings: [...held.values()],
    history,
    joined,
    covers: { start: scope.from, end: scope.to },
  };
}

/** A pool's history over its period, and the members who joined it during the period. */
export interface DistributionHistory {
  history: (PoolAssignment | AssignmentTally)[];
  /** pool → member → when they joined, for members who joined after their pool's period began and after its first members. */
  joined: Record<string, Record<string, number>>;
}

/**
 * The pools' history over each one's period up to `now` (`periodStart`), one tally per member.
 * `pooled` and `priority` order by idle time alone: each member's latest assignment is one seek on
 * `pool_assignments_latest`. `round_robin` (and `pooled` with weights) counts outcomes, which reads the period's entries of
 * `pool_assignments_outcomes` — as single assignments with their meetings' starts when someone
 * joined during the period or has days away, which calibration counts by time.
 */
async function poolHistory(db: Kysely<Database>, pools: readonly Pool[], now: number, members: readonly Pick<Member, 'id' | 'away'>[]): Promise<DistributionHistory> {
  const history: (PoolAssignment | AssignmentTally)[] = [];
  const joined: Record<string, Record<string, number>> = {};
  const away = new Set(members.filter((m) => m.away?.length).map((m) => m.id));
  for (const pool of pools) {
    const since = periodStart(pool, now);
    const from = toStored(since);
    if (!countsShares(pool)) {
      history.push(...(await latestAssignments(db, pool, from)));
      continue;
    }
    // Members who joined with the pool's first members have no one to catch up with: only later
    // joins need calibration, and only they send the read below to single assignments.
    const joins = await db
      .selectFrom('pool_members')
      .select(['member_id', 'joined_at'])
      .where('pool', '=', pool.id)
      .where('joined_at', '>', from)
      .where('joined_at', '>', (eb) => eb.selectFrom('pool_members').select((m) => m.fn.min('joined_at').as('first')).where('pool', '=', pool.id))
      .execute();
    if (joins.length > 0) joined[pool.id] = Object.fromEntries(joins.map((j) => [j.member_id, fromStored(j.joined_at)]));
    if (joins.length > 0 || pool.members.some((m) => away.has(m.member))) {
      const rows = await db
        .selectFrom('pool_assignments as pa')
        .innerJoin('bookings as b', 'b.id', 'pa.booking_id')
        .select(['pa.member_id', 'pa.booking_id', 'pa.assigned_at', 'pa.outcome', 'b.start_at'])
        .where('pa.pool', '=', pool.id)
        .where('pa.assigned_at', '>=', from)
        .execute();
      for (const r of rows) {
        history.push({ pool: pool.id, member: r.member_id, bookingId: r.booking_id, assignedAt: fromStored(r.assigned_at), outcome: r.outcome, start: fromStored(r.start_at) });
      }
      continue;
    }
    const rows = await db
      .selectFrom('pool_assignments')
      .select((eb) => ['member_id', 'outcome', eb.fn.countAll<number | string>().as('count'), eb.fn.max('assigned_at').as('last_assigned_at')])
      .where('pool', '=', pool.id)
      .where('assigned_at', '>=', from)
      .groupBy(['member_id', 'outcome'])
      .execute();
    const byMember = new Map<string, AssignmentTally & { counts: NonNullable<AssignmentTally['counts']> }>();
    for (const row of rows) {
      const last = fromStored(row.last_assigned_at);
      const tally = byMember.get(row.member_id) ?? { pool: pool.id, member: row.member_id, counts: {}, lastAssignedAt: last };
      tally.counts[row.outcome] = Number(row.count);
      if (last > tally.lastAssignedAt) tally.lastAssignedAt = last;
      byMember.set(row.member_id, tally);
    }
    history.push(...byMember.values());
  }
  return { history, joined };
}

/** Each member's latest assignment by the pool since `from`: a correlated max() per member, one index seek each in both dialects. */
async function latestAssignments(db: Kysely<Database>, pool: Pool, from: string): Promise<AssignmentTally[]> {
  const rows = await db
    .selectFrom('members as m')
    .select((eb) => [
      'm.id',
      eb
        .selectFrom('pool_assignments as pa')
        .select((sub) => sub.fn.max('pa.assigned_at').as('latest'))
        .where('pa.pool', '=', pool.id)
        .whereRef('pa.member_id', '=', 'm.id')
        .where('pa.assigned_at', '>=', from)
        .as('last_assigned_at'),
    ])
    .where('m.id', 'in', pool.members.map((m) => m.member))
    .execute();
  return rows.flatMap((row) => (row.last_assigned_at ? [{ pool: pool.id, member: row.id, lastAssignedAt: fromStored(row.last_assigned_at) }] : []));
}

/** The history the engine orders `pool` by for a booking made at `now`: the same period and tallies as `loadEngineState`'s. */
export function distributionHistory(db: Kysely<Database>, pool: Pool, now: number, members: readonly Pick<Member, 'id' | 'away'>[]): Promise<DistributionHistory> {
  return poolHistory(db, [pool], now, members);
}

/** A pool's assignments made in `[from, to)`, for its distribution stats; a bound left out is no bound. */
export async function loadPoolHistory(db: Kysely<Database>, pool: string, from?: number, to?: number) {
  let query = db.selectFrom('pool_assignments').select(['pool', 'member_id', 'booking_id', 'assigned_at', 'outcome']).where('pool', '=', pool);
  if (from !== undefined) query = query.where('assigned_at', '>=', toStored(from));
  // Stored instants sort as text only with four-digit years: `+010000-…` sorts before `2026-…`,
  // so a bound past year 9999 would bound everything away instead of nothing.
  if (to !== undefined && to < YEAR_10000) query = query.where('assigned_at', '<', toStored(to));
  const rows = await query.orderBy('assigned_at').execute();
  return rows.map((h) => ({ pool: h.pool, member: h.member_id, bookingId: h.booking_id, assignedAt: fromStored(h.assigned_at), outcome: h.outcome }));
}

/** Every place `member` was given in `[from, to)` (days a date can name), drawn by a pool (`pool` set) or not, oldest first. */
export async function loadMemberHistory(db: Kysely<Database>, member: string, from: number, to: number) {
  const [lo, hi] = [toStored(from), toStored(Math.min(to, YEAR_10000 - 1))];
  const drawn = await db
    .selectFrom('pool_assignments')
    .select(['pool', 'booking_id', 'assigned_at', 'outcome'])
    .where('member_id', '=', member)
    .where('assigned_at', '>=', lo)
    .where('assigned_at', '<', hi)
    .execute();
  const given = await db
    .selectFrom('member_assignments')
    .select(['booking_id', 'assigned_at', 'outcome'])
    .where('member_id', '=', member)
    .where('assigned_at', '>=', lo)
    .where('assigned_at', '<', hi)
    .execute();
  return [...drawn, ...given.map((g) => ({ ...g, pool: null }))]
    .map((h) => ({ pool: h.pool, member, bookingId: h.booking_id, assignedAt: fromStored(h.assigned_at), outcome: h.outcome }))
    .sort((a, b) => a.assignedAt - b.assignedAt);
}
