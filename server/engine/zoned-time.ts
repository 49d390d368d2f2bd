/**
 * The one place where wall-clock time meets UTC. Everything else in the engine works on UTC
 * instants (ms) and on "local day numbers" (days since 1970-01-01 on a zone's calendar).
 *
 * Intl is slow (microseconds per call), so a zone's offset is looked up once per UTC day and
 * cached together with the instant of the transition inside that day, if any. After warm-up an
 * offset lookup is two Map reads and a comparison.
 *
 * DST rules, applied when a wall-clock time is turned into an instant:
 * - a time in a gap (spring forward, e.g. 02:30 in Paris on the last Sunday of March) does not
 *   exist: it becomes the transition instant, the first real instant after the gap. So a rule
 *   01:00–04:00 on that day lasts 2 real hours, and no slot can start at a time that does not exist.
 * - a time in an overlap (fall back) exists twice: a range's start takes the first occurrence and
 *   its end the last one, so 01:00–03:00 in New York on the fall-back day is 3 real hours.
 */

export const MINUTE = 60_000;
export const DAY = 86_400_000;

interface DayOffsets {
  /** Offset (ms, local minus UTC) from the start of the UTC day until `at`. */
  before: number;
  /** Offset from `at` to the end of the UTC day. */
  after: number;
  /** The transition instant inside this UTC day, or Infinity when there is none. */
  at: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, Map<number, DayOffsets>>();
// A bound on memory, not a tuning knob: ~ 200 zones × 2 years of days.
const MAX_CACHED_DAYS = 150_000;
let cachedDays = 0;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function intlOffset(zone: string, utc: number): number {
  const whole = Math.floor(utc / 1000) * 1000;
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 } as Record<string, number>;
  for (const part of formatter(zone).formatToParts(whole)) {
    if (part.type in p) p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

function dayOffsets(zone: string, dayIndex: number): DayOffsets {
  let days = dayCache.get(zone);
  if (!days) {
    days = new Map();
    dayCache.set(zone, days);
  }
  let entry = days.get(dayIndex);
  if (entry) return entry;
  const start = dayIndex * DAY;
  const before = intlOffset(zone, start);
  const after = intlOffset(zone, start + DAY - 1000);
  let at = Infinity;
  if (before !== after) {
    // Transitions happen on whole minutes: binary search the first minute with the new offset.
    let lo = 0;
    let hi = DAY / MINUTE;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (intlOffset(zone, start + mid * MINUTE) === before) lo = mid + 1;
      else hi = mid;
    }
    at = start + lo * MINUTE;
  }
  entry = { before, after, at };
  if (cachedDays >= MAX_CACHED_DAYS) {
    dayCache.clear();
    cachedDays = 0;
    dayCache.set(zone, days = new Map());
  }
  days.set(dayIndex, entry);
  cachedDays++;
  return entry;
}

/** The zone's offset (local minus UTC, ms) at an instant. */
export function offsetAt(zone: string, utc: number): number {
  const d = dayOffsets(zone, Math.floor(utc / DAY));
  return utc < d.at ? d.before : d.after;
}

/** The first transition instant in `(lo, hi]`, for times that fall in a gap. */
function transitionIn(zone: string, lo: number, hi: number): number {
  for (let day = Math.floor(lo / DAY); day <= Math.floor(hi / DAY); day++) {
    const at = dayOffsets(zone, day).at;
    if (at > lo && at <= hi) return at;
  }
  return hi;
}

/**
 * The instant at which the zone's clocks show `wall` (ms since the epoch, read as if UTC).
 * `earliest` / `latest` chooses between the two occurrences of a time in a fall-back overlap.
 */
export function wallToUtc(zone: string, wall: number, occurrence: 'earliest' | 'latest'): number {
  const a = offsetAt(zone, wall - DAY);
  const b = offsetAt(zone, wall + DAY);
  if (a === b) return wall - a;
  const ua = wall - a;
  const ub = wall - b;
  const aValid = offsetAt(zone, ua) === a;
  const bValid = offsetAt(zone, ub) === b;
  if (aValid && bValid) return occurrence === 'earliest' ? Math.min(ua, ub) : Math.max(ua, ub);
  if (aValid) return ua;
  if (bValid) return ub;
  return transitionIn(zone, Math.min(ua, ub), Math.max(ua, ub));
}

/**
 * The first instant in `(after, before)` at which the zone's offset changes, or `before` when it
 * keeps one offset all along (one change per UTC day at most, as every zone has).
 */
export function nextOffsetChange(zone: string, after: number, before: number): number {
  for (let day = Math.floor(after / DAY); day <= Math.floor((before - 1) / DAY); day++) {
    const at = dayOffsets(zone, day).at;
    if (at > after && at < before) return at;
  }
  return before;
}

const changeLists = new Map<string, number[]>();

/**
 * Every instant in UTC days `[fromDay, toDay]` at which the zone's offset changes, sorted. Asked
 * once per member calendar, for the same few zones and days: kept (a bounded number of lists).
 */
export function offsetChangesOnDays(zone: string, fromDay: number, toDay: number): readonly number[] {
  const key = `${zone} ${fromDay} ${toDay}`;
  let list = changeLists.get(key);
  if (!list) {
    list = [];
    for (let day = fromDay; day <= toDay; day++) {
      const at = dayOffsets(zone, day).at;
      if (at !== Infinity) list.push(at);
    }
    if (changeLists.size >= 1000) changeLists.clear();
    changeLists.set(key, list);
  }
  return list;
}

/** Wall-clock time (ms since the epoch, read as if UTC) at an instant. */
export function utcToWall(zone: string, utc: number): number {
  return utc + offsetAt(zone, utc);
}

/** The local day number (days since 1970-01-01 on the zone's calendar) of an instant. */
export function localDayOf(zone: string, utc: number): number {
  return Math.floor(utcToWall(zone, utc) / DAY);
}

/** The first instant of a local day (midnight, or the end of the gap when midnight is skipped). */
export function startOfLocalDay(zone: string, day: number): number {
  return wallToUtc(zone, day * DAY, 'earliest');
}

export function dayNumberOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** ISO weekday index of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Index of the ISO week (Monday to Sunday) holding a day number. */
export function isoWeekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** The first day number of an ISO week index. */
export function firstDayOfIsoWeek(week: number): number {
  return week * 7 - 3;
}

/** Index of the calendar month (year × 12 + month − 1) holding a day number. */
export function monthOf(day: number): number {
  const d = new Date(day * DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first day number of a month index. */
export function firstDayOfMonth(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY;
}

/** The calendar year holding a day number. */
export function yearOf(day: number): number {
  return new Date(day * DAY).getUTCFullYear();
}

/** The first day number of a year. */
export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY;
}

/** `"HH:MM"` → minutes since midnight (`"24:00"` → 1440). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Inclusive local days `[from, to]` in `timezone` → `[start of from, start of the day after to)`. */
export function zonedDayRange(from: string, to: string, timezone: string): { start: number; end: number } {
  return {
    start: startOfLocalDay(timezone, dayNumberOf(from)),
    end: startOfLocalDay(timezone, dayNumberOf(to) + 1),
  };
}
