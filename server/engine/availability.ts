/**
 * A member's available time: weekly rules and date overrides, written in the member's own zone,
 * turned into UTC intervals.
 *
 * Each local day owns the ranges that start on it. A range whose end is at or before its start
 * crosses midnight (`["22:00", "02:00"]`) and runs into the next day — unless that next day has an
 * override, because an override replaces the whole of its day (an empty one is a day off).
 */
import { clipIntervals, mergeIntervals } from './intervals.js';
import type { Interval, WeeklySchedule } from './types.js';
import { DAY, MINUTE, dayNumberOf, localDayOf, minutesOf, wallToUtc, weekdayOf } from './zoned-time.js';
import type { TimeRange } from '../config/schema.js';
import { weekdays } from '../config/weekdays.js';

/** Minutes since local midnight, `[start, end)`; `end` may pass 1440 for a range crossing midnight. Kept sorted by start. */
type LocalRange = [number, number];

interface ParsedSchedule {
  weekly: LocalRange[][];
  overrides: Map<number, LocalRange[]>;
}

const parsed = new WeakMap<WeeklySchedule, ParsedSchedule>();

function toLocalRanges(ranges: TimeRange[]): LocalRange[] {
  return ranges.map(([s, e]) => {
    const start = minutesOf(s);
    let end = minutesOf(e);
    if (end <= start) end += 1440;
    return [start, end] as LocalRange;
  }).sort((a, b) => a[0] - b[0]);
}

function parse(member: WeeklySchedule): ParsedSchedule {
  let p = parsed.get(member);
  if (!p) {
    p = {
      weekly: weekdays.map((d) => toLocalRanges(member.weekly[d] ?? [])),
      overrides: new Map(member.overrides.map((o) => [dayNumberOf(o.date), toLocalRanges(o.intervals)])),
    };
    parsed.set(member, p);
  }
  return p;
}

/**
 * The availability windows of local days `[fromDay, toDay]`, one list per day merged within the
 * day, in day order. Windows of neighbouring days may touch or overlap (a range crossing
 * midnight); a `window`-aligned grid starts at each window's start, so they are kept apart on purpose.
 */
export function availabilityWindows(member: WeeklySchedule, fromDay: number, toDay: number): Interval[] {
  const { weekly, overrides } = parse(member);
  const zone = member.timezone;
  const windows: Interval[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const ranges = overrides.get(day) ?? weekly[weekdayOf(day)];
    if (ranges.length === 0) continue;
    const limit = overrides.has(day + 1) ? 1440 : 2880;
    let start = -1;
    let end = -1;
    for (const [s, rawEnd] of ranges) {
      const e = Math.min(rawEnd, limit);
      if (s <= end) {
        if (e > end) end = e;
      } else {
        pushWindow(windows, zone, day, start, end);
        start = s;
        end = e;
      }
    }
    pushWindow(windows, zone, day, start, end);
  }
  return windows;
}

function pushWindow(windows: Interval[], zone: string, day: number, start: number, end: number): void {
  if (end <= start) return;
  const s = wallToUtc(zone, day * DAY + start * MINUTE, 'earliest');
  const e = wallToUtc(zone, day * DAY + end * MINUTE, 'latest');
  // A range that lies wholly inside a DST gap has no real time at all.
  if (e > s) windows.push({ start: s, end: e });
}

/** The member's available time inside `[from, to)` as sorted, merged UTC intervals. */
export function availability(member: WeeklySchedule, from: number, to: number): Interval[] {
  if (to <= from) return [];
  const zone = member.timezone;
  // The day before `from` may hold a range that crosses midnight into the queried time.
  const windows = availabilityWindows(member, localDayOf(zone, from) - 1, localDayOf(zone, to));
  return clipIntervals(mergeIntervals(windows), from, to);
}
