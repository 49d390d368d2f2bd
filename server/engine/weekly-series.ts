/**
 * Assignments counted per member per week, for the dashboards' charts: ISO weeks (Monday to
 * Sunday) on the calendar of the zone the reader asked in, so a week starts at their Monday's
 * midnight, not UTC's.
 */
import type { Instant } from './types.js';
import { dateOfDayNumber, dayNumberOf, firstDayOfIsoWeek, isoWeekOf, localDayOf } from './zoned-time.js';

export interface WeekCounts {
  /** The week's Monday (`YYYY-MM-DD`), which may come before the first day asked for. */
  start: string;
  /** Assignments made that week, by member; every member listed, 0 included. */
  counts: Record<string, number>;
}

/**
 * One entry per week touching the days `from`–`to` (inclusive, `YYYY-MM-DD` in `zone`), oldest
 * first. The caller passes only the places made in those days.
 */
export function weeklyAssigned(places: readonly { member: string; assignedAt: Instant }[], members: readonly string[], zone: string, from: string, to: string): WeekCounts[] {
  const first = isoWeekOf(dayNumberOf(from));
  const last = isoWeekOf(dayNumberOf(to));
  const weeks: WeekCounts[] = [];
  for (let week = first; week <= last; week++) {
    weeks.push({ start: dateOfDayNumber(firstDayOfIsoWeek(week)), counts: Object.fromEntries(members.map((m) => [m, 0])) });
  }
  for (const place of places) {
    const week = weeks[isoWeekOf(localDayOf(zone, place.assignedAt)) - first];
    if (week && place.member in week.counts) week.counts[place.member]! += 1;
  }
  return weeks;
}
