/** Half-open UTC intervals `[start, end)`: merging and searching sorted lists. */
import type { Interval } from './types.js';

/** Sorted, non-overlapping, non-touching union of the intervals; empty ones are dropped. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      merged.push({ start: i.start, end: i.end });
    }
  }
  return merged;
}

/** The parts of sorted, merged intervals inside `[from, to)`. */
export function clipIntervals(intervals: Interval[], from: number, to: number): Interval[] {
  const clipped: Interval[] = [];
  for (const i of intervals) {
    const start = Math.max(i.start, from);
    const end = Math.min(i.end, to);
    if (end > start) clipped.push({ start, end });
  }
  return clipped;
}

/** Index of the first interval of a sorted, merged list whose end is after `t`. */
export function firstEndingAfter(intervals: Interval[], t: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid].end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `[start, end)` overlaps any interval of a sorted, merged list. */
export function overlapsAny(intervals: Interval[], start: number, end: number): boolean {
  const i = firstEndingAfter(intervals, start);
  return i < intervals.length && intervals[i].start < end;
}

/**
 * Each interval of `intervals` (kept apart, in order) without the parts `cut` (sorted, merged)
 * covers; what is left of one interval may be several.
 */
export function subtractIntervals(intervals: Interval[], cut: Interval[]): Interval[] {
  if (cut.length === 0) return intervals;
  const out: Interval[] = [];
  for (const i of intervals) {
    let start = i.start;
    for (let k = firstEndingAfter(cut, start); k < cut.length && cut[k].start < i.end; k++) {
      if (cut[k].start > start) out.push({ start, end: cut[k].start });
      start = Math.max(start, cut[k].end);
    }
    if (start < i.end) out.push({ start, end: i.end });
  }
  return out;
}
