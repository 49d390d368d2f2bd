/** Small named builders for engine tests: sensible defaults, override what the test is about. */
import type { Pool } from '../../server/config/schema.js';
import type { EngineState, EventRules, HeldBooking, MemberSchedule, PoolAssignment } from '../../server/engine/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const at = (iso: string): number => Date.parse(iso);
export const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

const workday: [string, string][] = [['09:00', '17:00']];

/** A member working 09:00–17:00 Monday to Friday in UTC unless told otherwise. */
export function member(id: string, over: Partial<MemberSchedule> = {}): MemberSchedule {
  return {
    id,
    timezone: 'UTC',
    weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday },
    overrides: [],
    busy: [],
    ...over,
  };
}

/** A member available at these hours every day of the week. */
export function everyDay(id: string, timezone: string, ...ranges: [string, string][]): MemberSchedule {
  return member(id, {
    timezone,
    weekly: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges, sun: ranges },
  });
}

/** A 30-minute event type with no buffers, notice or caps, bookable 60 days ahead. */
export function event(over: Partial<EventRules> = {}): EventRules {
  return {
    id: 'demo',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 60,
    seats: 1,
    ...over,
  };
}

let bookingCount = 0;

/** A held booking of `demo` (30 minutes, no buffers) for these members. */
export function booking(start: string, members: string[], over: Partial<HeldBooking> = {}): HeldBooking {
  const s = at(start);
  return {
    id: `b${++bookingCount}`,
    eventType: 'demo',
    start: s,
    end: s + 30 * MINUTE,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    members,
    ...over,
  };
}

export function pool(id: string, method: Pool['method'], members: string[], over: Partial<Pool> = {}): Pool {
  return {
    id,
    method,
    members: members.map((m) => ({ member: m, priority: 0 })),
    autocorrect: { cancellations: true, reassignments: true, noShows: true },
    ...over,
  };
}

export function assignment(member: string, assignedAt: string, outcome: PoolAssignment['outcome'] = 'held', poolId = 'team'): PoolAssignment {
  return { pool: poolId, member, bookingId: `h${++bookingCount}`, assignedAt: at(assignedAt), outcome };
}

/** What a hand-built state covers: it lists every booking there is. */
export const ALL_TIME = { start: -8.64e15, end: 8.64e15 };

export function state(members: MemberSchedule[], over: Partial<EngineState> = {}): EngineState {
  return {
    members: Object.fromEntries(members.map((m) => [m.id, m])),
    pools: {},
    bookings: [],
    history: [],
    covers: ALL_TIME,
    ...over,
  };
}
