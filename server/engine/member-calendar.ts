/**
 * A member's calendar as seen by a new booking of one event type: when they are available, what
 * keeps them busy (external busy time and held bookings padded by their own buffers), which group
 * sessions of this event type still have seats, and which local days / ISO weeks are at the
 * event's cap.
 */
import { availabilityWindows } from './availability.js';
import { awaySpans } from './away.js';
import { mergeIntervals } from './intervals.js';
import type { EventRules, HeldBooking, Interval, MemberSchedule } from './types.js';
import { firstDayOfIsoWeek, isoWeekOf, localDayOf, startOfLocalDay } from './zoned-time.js';

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
  /** Availability windows; slot grids start at each window's start. */
  windows: Interval[];
  /** Busy time, merged; group sessions of this event type are not in it but in `sessions`. */
  busy: Interval[];
  /** `busy` plus the sessions: what a booking that starts a new session may not overlap. */
  busyForNew: Interval[];
  /** Group sessions of this event type (only when it has seats > 1), by start. */
  sessions: Map<number, Session>;
  /** Local days and ISO weeks already at `maxPerDay` / `maxPerWeek`: no new session may start in them. */
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
 * Caps count the member's sessions of the event type (distinct starts, so a group session is one
 * meeting however many seats it has) per local day and ISO week of the member's zone.
 */
function cappedTime(member: MemberSchedule, event: EventRules, starts: number[]): Interval[] {
  const { maxPerDay, maxPerWeek } = event;
  if (maxPerDay === undefined && maxPerWeek === undefined) return [];
  const zone = member.timezone;
  const perDay = new Map<number, number>();
  const perWeek = new Map<number, number>();
  for (const start of starts) {
    const day = localDayOf(zone, start);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    const week = isoWeekOf(day);
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }
  const capped: Interval[] = [];
  if (maxPerDay !== undefined) {
    for (const [day, n] of perDay) {
      if (n >= maxPerDay) capped.push({ start: startOfLocalDay(zone, day), end: startOfLocalDay(zone, day + 1) });
    }
  }
  if (maxPerWeek !== undefined) {
    for (const [week, n] of perWeek) {
      const first = firstDayOfIsoWeek(week);
      if (n >= maxPerWeek) capped.push({ start: startOfLocalDay(zone, first), end: startOfLocalDay(zone, first + 7) });
    }
  }
  return mergeIntervals(capped);
}

/**
 * Builds the calendar for local days `[fromDay, toDay]` (availability) — bookings and busy time
 * are taken whole, so the caller loads them for the days it asks about.
 */
export function memberCalendar(
  member: MemberSchedule,
  event: EventRules,
  bookings: HeldBooking[],
  fromDay: number,
  toDay: number,
): MemberCalendar {
  // Days away are busy time: every rule that skips a busy member skips an absent one.
  const busy: Interval[] = member.away?.length ? [...member.busy, ...awaySpans(member)] : [...member.busy];
  const sessions = new Map<number, Session>();
  const starts = new Set<number>();
  const groupEvent = event.seats > 1;
  for (const b of bookings) {
    if (b.eventType !== event.id) {
      busy.push(padded(b));
      continue;
    }
    starts.add(b.start);
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
  return {
    member,
    windows: availabilityWindows(member, fromDay, toDay),
    busy: mergedBusy,
    busyForNew: sessions.size ? mergeIntervals([...mergedBusy, ...[...sessions.values()].map((s) => s.padded)]) : mergedBusy,
    sessions,
    capped: cappedTime(member, event, [...starts]),
  };
}
