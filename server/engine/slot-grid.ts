/**
 * Where a member's slots may start inside their availability windows.
 *
 * - `clock` (the default): on the marks of the member's own wall clock — every interval from local
 *   midnight, shifted by `slotOffsetMinutes` — so a 15-minute interval offers :00, :15, :30, :45
 *   whatever minute a window starts at. Wall-clock marks are not evenly spaced in UTC: a zone's
 *   offset changes at DST (by 30 minutes on Lord Howe) and an offset such as +05:30 or +05:45 puts
 *   the marks off the hour in UTC. So a window is cut into segments of one offset, each with its
 *   own origin; an interval that does not divide the day restarts its marks at each local midnight.
 * - `window`: stepping from the start of each window (a window from 09:10 offers 09:10, 09:25…).
 *
 * Inside one segment the marks are `origin + k × stride` in UTC, which is what the slot sweep
 * steps over.
 */
import type { EventRules, Interval } from './types.js';
import { DAY, MINUTE, nextOffsetChange, offsetAt, offsetChangesOnDays } from './zoned-time.js';

/** A piece of a window whose starts sit on one run of marks (a window cut at an offset change or a local midnight). */
export interface GridSegment {
  /** Starts in `[start, end)` sit on this segment's marks. */
  start: number;
  end: number;
  /** A mark of the segment (its marks are `origin + k × stride`). */
  origin: number;
}

/** How one member's windows are gridded for one event type, worked out once per calendar. */
export interface GridPlan {
  clock: boolean;
  stride: number;
  /** The offset of the marks from local midnight, in ms (below the stride). */
  shift: number;
  /** Whether the stride divides the day, so marks run on across midnight. */
  daily: boolean;
  zone: string;
  /** The zone's offset changes over all the windows (most ranges have none). */
  changes: readonly number[];
  /** The zone's offset at the first window, which holds for all of them when `changes` is empty. */
  steady: number;
  /**
   * Each window's origin (`windowOrigin`), by the window's index; NaN for a window to cut. Kept in
   * a typed array, so the slot sweep reads them as plain doubles: a call per window would hand its
   * double back boxed, and with it every start of the sweep (a third more garbage on a pooled page).
   */
  origins: Float64Array;
}

export function slotStride(event: EventRules): number {
  return (event.slotIntervalMinutes ?? event.durationMinutes) * MINUTE;
}

export function gridPlan(windows: Interval[], event: EventRules, zone: string): GridPlan {
  const stride = slotStride(event);
  const plan: GridPlan = {
    clock: event.slotAlignment !== 'window',
    stride,
    shift: ((event.slotOffsetMinutes ?? 0) * MINUTE) % stride,
    daily: DAY % stride === 0,
    zone,
    changes: [],
    steady: 0,
    origins: new Float64Array(windows.length),
  };
  if (!plan.clock || windows.length === 0) {
    for (let i = 0; i < windows.length; i++) plan.origins[i] = windows[i].start;
    return plan;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const w of windows) {
    if (w.start < lo) lo = w.start;
    if (w.end > hi) hi = w.end;
  }
  plan.changes = offsetChangesOnDays(zone, Math.floor(lo / DAY), Math.floor((hi - 1) / DAY));
  plan.steady = offsetAt(zone, lo);
  for (let i = 0; i < windows.length; i++) plan.origins[i] = windowOrigin(plan, windows[i]);
  return plan;
}

/**
 * The origin of the marks in a window that is one segment — always with `window` alignment, and
 * with `clock` when the interval divides the day and the offset holds across the window — or NaN
 * when the window must be cut (`cutWindow`). Plain arithmetic: it runs once per window.
 */
function windowOrigin(plan: GridPlan, w: Interval): number {
  if (!plan.clock) return w.start;
  if (!plan.daily) return NaN;
  let offset = plan.steady;
  if (plan.changes.length > 0) {
    for (const t of plan.changes) if (t > w.start && t < w.end) return NaN;
    offset = offsetAt(plan.zone, w.start);
  }
  return Math.floor((w.start + offset) / DAY) * DAY + plan.shift - offset;
}

/** A `clock` window cut where the zone's offset changes and, for an interval that does not divide the day, at each local midnight. */
export function cutWindow(plan: GridPlan, w: Interval): GridSegment[] {
  const segments: GridSegment[] = [];
  let a = w.start;
  while (a < w.end) {
    const offset = offsetAt(plan.zone, a);
    const day = Math.floor((a + offset) / DAY);
    let b = nextOffsetChange(plan.zone, a, w.end);
    // Marks that do not divide the day start again from the next local midnight.
    if (!plan.daily) b = Math.min(b, (day + 1) * DAY - offset);
    segments.push({ start: a, end: b, origin: day * DAY + plan.shift - offset });
    a = b;
  }
  return segments;
}
