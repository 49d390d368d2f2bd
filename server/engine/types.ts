/**
 * The engine's vocabulary: plain data in, plain data out. Instants are UTC milliseconds since
 * the epoch; intervals are half-open `[start, end)`. Wall-clock times exist only in member
 * schedules (weekly rules and overrides, in the member's zone) and in visitor filters.
 */
import type { Away, EventType, Host, Pool, TimeRange, Weekday } from '../config/schema.js';

export type Instant = number;

export interface Interval {
  start: Instant;
  end: Instant;
}

/** Weekly hours and date overrides, written in one zone's wall-clock time. */
export interface WeeklySchedule {
  timezone: string;
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  overrides: { date: string; intervals: TimeRange[] }[];
}

/** What the engine knows of a member: their rules in their own zone, and what keeps them busy. */
export interface MemberSchedule extends WeeklySchedule {
  id: string;
  /** External busy time (config `busy`, calendars), already in UTC. */
  busy: Interval[];
  /** At most this many minutes of held meetings (any event type) per local day. */
  maxBookedMinutesPerDay?: number;
  /** Days away, local days in `timezone` (away.ts): busy all day. */
  away?: Pick<Away, 'from' | 'to' | 'handOverTo'>[];
}

/** The settings of an event type that decide when it can be booked. */
export type EventRules = Pick<
  EventType,
  | 'id'
  | 'durationMinutes'
  | 'slotIntervalMinutes'
  | 'bufferBeforeMinutes'
  | 'bufferAfterMinutes'
  | 'minNoticeMinutes'
  | 'horizonDays'
  | 'maxPerDay'
  | 'maxPerWeek'
  | 'seats'
> &
  Partial<Pick<EventType, 'slotAlignment' | 'slotOffsetMinutes' | 'schedule' | 'maxPerMonth' | 'maxPerYear' | 'teamLimit'>>;

/** A booking that still holds its members' time (status `pending` or `confirmed`). */
export interface HeldBooking {
  id: string;
  eventType: string;
  start: Instant;
  end: Instant;
  /** The buffers of the booking's own event type, which pad it as busy time. */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Every assigned member (all panel members for a panel). */
  members: string[];
}

/**
 * One time a pool gave a booking to a member. `outcome` is what became of it; distribution
 * credits members per the pool's `autocorrect` flags.
 */
export interface PoolAssignment {
  pool: string;
  member: string;
  bookingId: string;
  /** When the booking was made (or reassigned to this member), not when the meeting is. */
  assignedAt: Instant;
  outcome: 'held' | 'completed' | 'cancelled' | 'reassigned_away' | 'no_show';
  /** When the meeting starts: calibration for days away counts the meetings that fall on them. */
  start?: Instant;
}

/**
 * A pool's assignments to one member, summed up: distribution needs no more than counts by
 * outcome and the latest time, so the store hands a year of history over as one row per member.
 */
export interface AssignmentTally {
  pool: string;
  member: string;
  /**
   * How many assignments had each outcome. Left out for `priority` pools and unweighted `pooled`
   * ones, which order by idle time alone: their tallies then count nothing.
   */
  counts?: Partial<Record<PoolAssignment['outcome'], number>>;
  /** The latest `assignedAt` among them. */
  lastAssignedAt: Instant;
}

/** Pool history as single assignments, tallies, or both. */
export type PoolHistory = readonly (PoolAssignment | AssignmentTally)[];

/** Everything the engine may look at to decide when and who. The server loads it; the engine never does I/O. */
export interface EngineState {
  members: Record<string, MemberSchedule>;
  pools: Record<string, Pool>;
  /** Held bookings of the members involved, covering at least the queried range plus caps' days/weeks. */
  bookings: HeldBooking[];
  /**
   * Assignment history of the pools involved, over each pool's period (`periodStart`). Round
   * robin calibrates joiners and days away from single assignments only: tallies carry no times.
   */
  history: (PoolAssignment | AssignmentTally)[];
  /** When each member joined each pool (pool → member → instant); a member left out has always been in it. */
  joined?: Record<string, Record<string, Instant>>;
  /**
   * The time the state was loaded for: its bookings and busy time are complete only inside it.
   * Every judgement stays inside it: "does this member have a slot later?" looks no further.
   */
  covers: Interval;
}

export interface Slot {
  start: Instant;
  end: Instant;
  seatsLeft: number;
  /** Set when a colleague takes the slot for the page's member, who is away then (away.ts). */
  host?: string;
}

export interface SlotQuery {
  host: Host;
  event: EventRules;
  state: EngineState;
  /** Range of slot starts to consider, `[from, to)`; still clipped by notice and horizon. */
  from: Instant;
  to: Instant;
  now: Instant;
}

/** One seat of a host filled by one member: a pool's place records the pool it came from. */
export interface Place {
  member: string;
  pool?: string;
}

export type Assignment =
  | { ok: true; places: Place[] }
  | { ok: false; reason: 'slot_unavailable' | 'no_member_free'; message: string };

export interface PoolMemberStats {
  member: string;
  assigned: number;
  cancelled: number;
  reassignedAway: number;
  noShows: number;
  credited: number;
  lastAssignedAt: Instant | null;
}

export type RouteDecision =
  | { kind: 'host'; host: Host }
  | { kind: 'refuse'; message: import('../config/schema.js').LocalizedText }
  | { kind: 'default' };
