/**
 * A member's calendar as seen by a new booking of one event type: when they are available, what
 * keeps them busy (external busy time and held bookings padded by their own buffers), which group
 * sessions of this event type still have seats, and which periods are at one of the caps.
 */
import { availabilityWindows } from './availability.js';
import { awaySpans } from './away.js';
import { memberCappedTime } from './caps.js';
import { mergeIntervals, subtractIntervals } from './intervals.js';
import { gridPlan, type GridPlan } from './slot-grid.js';
import type { EventRules, HeldBooking, Interval, MemberSchedule } from './types.js';
import { dateOfDayNumber, dayNumberOf, localDayOf, startOfLocalDay } from './zoned-time.js';

/** A group session of the event type that the member already hosts. */
export interface Session {
  start: number;
  /** Held bookings (seats taken) in the session. */
  taken: number;
  /** The session's time padded by its buffers. */
  padded: Interval;
}

export interface MemberCalendar {
  member: MemberSchedule;
  /** Availability windows. */
  windows: Interval[];
  /** Where in the windows slots may start (`slot-grid.ts`). */
  grid: GridPlan;
  /** Busy time, merged; group sessions of this event type are not in it but in `sessions`. */
  busy: Interval[];
  /** `busy` plus the sessions: what a booking that starts a new session may not overlap. */
  busyForNew: Interval[];
  /** Group sessions of this event type (only when it has seats > 1), by start. */
  sessions: Map<number, Session>;
  /** Periods already at a cap (`caps.ts`): no new session may start in them. */
  capped: Interval[];
}

/** Held bookings indexed by member, built once per query. */
export function bookingsByMember(bookings: HeldBooking[]): Map<string, HeldBooking[]> {
  const index = new Map<string, HeldBooking[]>();
  for (const b of bookings) {
    for (const m of b.members) {
      const list = index.get(m);
      if (list) list.push(b);
      else index.set(m, [b]);
    }
  }
  return index;
}

function padded(b: HeldBooking): Interval {
  return { start: b.start - b.bufferBeforeMinutes * 60_000, end: b.end + b.bufferAfterMinutes * 60_000 };
}

/**
 * The member's available time for `event` on local days `[fromDay, toDay]` of the schedule's
 * zone: the event type's own schedule when it has one, else the member's weekly hours. On a day
 * the member has a date override, the override limits the event type's schedule too (a day off is
 * off for every event type; special hours keep only what both allow).
 */
function eventWindows(member: MemberSchedule, event: EventRules, range: Interval): Interval[] {
  const zone = member.timezone;
  // The day before the first start may hold a window that crosses midnight into it.
  const fromDay = localDayOf(zone, range.start) - 1;
  const toDay = localDayOf(zone, range.end - 1);
  const own = event.schedule;
  if (!own) return availabilityWindows(member, fromDay, toDay);
  const windows = availabilityWindows(own, localDayOf(own.timezone, range.start) - 1, localDayOf(own.timezone, range.end - 1));
  if (member.overrides.length === 0) return windows;
  const closed: Interval[] = [];
  for (const o of member.overrides) {
    const day = dayNumberOf(o.date);
    if (day < fromDay - 1 || day > toDay + 1) continue;
    const dayStart = startOfLocalDay(zone, day);
    const dayEnd = startOfLocalDay(zone, day + 1);
    // What the override leaves open on its own day, as the member's schedule reads it.
    const open = availabilityWindows({ timezone: zone, weekly: {}, overrides: [o, { date: dateOfDayNumber(day + 1), intervals: [] }] }, day, day);
    closed.push(...subtractIntervals([{ start: dayStart, end: dayEnd }], mergeIntervals(open)));
  }
  return subtractIntervals(windows, mergeIntervals(closed));
}

/**
 * Builds the calendar for the starts of `range` (availability reaches a day further back, for
 * windows crossing midnight) — bookings and busy time are taken whole, so the caller loads them
 * for the days it asks about. `teamCapped` is the time the event type's team-wide limit closes.
 */
export function memberCalendar(member: MemberSchedule, event: EventRules, bookings: HeldBooking[], range: Interval, teamCapped: Interval[]): MemberCalendar {
  // Days away are busy time: every rule that skips a busy member skips an absent one.
  const busy: Interval[] = member.away?.length ? [...member.busy, ...awaySpans(member)] : [...member.busy];
  const sessions = new Map<number, Session>();
  const groupEvent = event.seats > 1;
  for (const b of bookings) {
    if (b.eventType !== event.id) {
      busy.push(padded(b));
      continue;
    }
    if (!groupEvent) {
      busy.push(padded(b));
      continue;
    }
    const session = sessions.get(b.start);
    if (session) {
      session.taken++;
      const p = padded(b);
      if (p.start < session.padded.start) session.padded.start = p.start;
      if (p.end > session.padded.end) session.padded.end = p.end;
    } else {
      sessions.set(b.start, { start: b.start, taken: 1, padded: padded(b) });
    }
  }
  const mergedBusy = mergeIntervals(busy);
  const windows = eventWindows(member, event, range);
  const capped = memberCappedTime(member, event, bookings);
  return {
    member,
    windows,
    grid: gridPlan(windows, event, member.timezone),
    busy: mergedBusy,
    busyForNew: sessions.size ? mergeIntervals([...mergedBusy, ...[...sessions.values()].map((s) => s.padded)]) : mergedBusy,
    sessions,
    capped: teamCapped.length === 0 ? capped : mergeIntervals([...capped, ...teamCapped]),
  };
}
