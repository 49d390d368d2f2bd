/**
 * Caps on how much can be booked, as the time in which no new meeting may start.
 *
 * - An event type's `maxPerDay`, `maxPerWeek`, `maxPerMonth`, `maxPerYear` count one member's
 *   meetings of it (distinct starts, so a group session is one meeting however many seats it has)
 *   per local day, ISO week (Monday to Sunday), calendar month and year of the member's zone.
 * - A member's `maxBookedMinutesPerDay` adds up the length of all their held meetings, of any event
 *   type, by the local day each starts on: a day is closed to a new meeting that would pass it.
 * - An event type's `teamLimit` counts its meetings across the whole team (distinct start and
 *   members) per period of its own zone: `timezone`, else the event type's schedule's, else UTC.
 */
import type { CapPeriod } from '../config/schema.js';
import { mergeIntervals } from './intervals.js';
import { REACH } from './reach.js';
import type { EventRules, HeldBooking, Interval, MemberSchedule } from './types.js';
import { DAY, MINUTE, firstDayOfIsoWeek, firstDayOfMonth, firstDayOfYear, isoWeekOf, localDayOf, monthOf, startOfLocalDay, yearOf } from './zoned-time.js';

const periods: Record<CapPeriod, { of(day: number): number; first(index: number): number }> = {
  day: { of: (day) => day, first: (day) => day },
  week: { of: isoWeekOf, first: firstDayOfIsoWeek },
  month: { of: monthOf, first: firstDayOfMonth },
  year: { of: yearOf, first: firstDayOfYear },
};

/** How far around a range of starts the state must hold the event type's own bookings for its caps to count them. */
export function capReach(event: EventRules): number {
  const per = event.teamLimit?.per;
  if (event.maxPerYear !== undefined || per === 'year') return 367 * DAY;
  if (event.maxPerMonth !== undefined || per === 'month') return 32 * DAY;
  return REACH;
}

/** The periods of `zone` in which `starts` reach `max`: no new meeting may start in them. */
function fullPeriods(zone: string, starts: Iterable<number>, period: CapPeriod, max: number, into: Interval[]): void {
  const { of, first } = periods[period];
  const counts = new Map<number, number>();
  for (const start of starts) {
    const index = of(localDayOf(zone, start));
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  for (const [index, n] of counts) {
    if (n >= max) into.push({ start: startOfLocalDay(zone, first(index)), end: startOfLocalDay(zone, first(index + 1)) });
  }
}

/** The time closed to a new meeting of `event` by the member's own caps; `bookings` are the member's held bookings. */
export function memberCappedTime(member: MemberSchedule, event: EventRules, bookings: HeldBooking[]): Interval[] {
  const counted = event.maxPerDay !== undefined || event.maxPerWeek !== undefined || event.maxPerMonth !== undefined || event.maxPerYear !== undefined;
  const most = member.maxBookedMinutesPerDay;
  if (!counted && most === undefined) return [];
  const zone = member.timezone;
  const capped: Interval[] = [];
  if (counted) {
    const caps: [CapPeriod, number | undefined][] = [['day', event.maxPerDay], ['week', event.maxPerWeek], ['month', event.maxPerMonth], ['year', event.maxPerYear]];
    const starts = new Set<number>();
    for (const b of bookings) if (b.eventType === event.id) starts.add(b.start);
    for (const [period, max] of caps) if (max !== undefined) fullPeriods(zone, starts, period, max, capped);
  }
  if (most !== undefined) {
    const length = event.durationMinutes * MINUTE;
    if (length > most * MINUTE) return [{ start: -8.64e15, end: 8.64e15 }];
    const meetings = new Map<string, HeldBooking>();
    for (const b of bookings) meetings.set(`${b.eventType} ${b.start} ${b.end}`, b);
    const perDay = new Map<number, number>();
    for (const b of meetings.values()) {
      const day = localDayOf(zone, b.start);
      perDay.set(day, (perDay.get(day) ?? 0) + b.end - b.start);
    }
    for (const [day, booked] of perDay) {
      if (booked + length > most * MINUTE) capped.push({ start: startOfLocalDay(zone, day), end: startOfLocalDay(zone, day + 1) });
    }
  }
  return capped.length > 1 ? mergeIntervals(capped) : capped;
}

/** The time closed to a new meeting of `event` by its team-wide limit; `bookings` are every held booking the state has. */
export function teamCappedTime(event: EventRules, bookings: HeldBooking[]): Interval[] {
  const limit = event.teamLimit;
  if (!limit) return [];
  const meetings = new Map<string, number>();
  for (const b of bookings) {
    if (b.eventType === event.id) meetings.set(`${b.start} ${[...b.members].sort().join(' ')}`, b.start);
  }
  const capped: Interval[] = [];
  fullPeriods(limit.timezone ?? event.schedule?.timezone ?? 'UTC', meetings.values(), limit.per, limit.max, capped);
  return mergeIntervals(capped);
}
