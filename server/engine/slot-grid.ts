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
import { DAY, MINUTE, nextOffsetChange, offsetAt } from './zoned-time.js';

export interface GridSegment {
  /** Starts in `[start, end)` sit on this segment's marks. */
  start: number;
  end: number;
  /** A mark of the segment (its marks are `origin + k × stride`). */
  origin: number;
  /** The end of the window the segment belongs to: the whole meeting must end by it. */
  windowEnd: number;
}

export function slotStride(event: EventRules): number {
  return (event.slotIntervalMinutes ?? event.durationMinutes) * MINUTE;
}

/** The grid segments of `windows` (sorted by window) for a member in `zone`. */
export function gridSegments(windows: Interval[], event: EventRules, zone: string): GridSegment[] {
  if (event.slotAlignment === 'window') return windows.map((w) => ({ start: w.start, end: w.end, origin: w.start, windowEnd: w.end }));
  const stride = slotStride(event);
  const shift = ((event.slotOffsetMinutes ?? 0) * MINUTE) % stride;
  const daily = DAY % stride === 0;
  const segments: GridSegment[] = [];
  for (const w of windows) {
    let a = w.start;
    while (a < w.end) {
      const offset = offsetAt(zone, a);
      const day = Math.floor((a + offset) / DAY);
      let b = nextOffsetChange(zone, a, w.end);
      // Marks that do not divide the day start again from the next local midnight.
      if (!daily) b = Math.min(b, (day + 1) * DAY - offset);
      segments.push({ start: a, end: b, origin: day * DAY + shift - offset, windowEnd: w.end });
      a = b;
    }
  }
  return segments;
}
