/**
 * One member's slots for one event type: starts on the grid of the member's availability windows
 * (`slot-grid.ts`: the member's clock by default, or each window's start), kept when the whole
 * meeting fits in the window, the meeting padded by its buffers overlaps nothing busy, it is under
 * every cap (`caps.ts`), and it lies between `now + notice` and `now + horizon`. An existing group
 * session with seats left is a slot too, whatever the grid.
 *
 * Slots are produced by one linear sweep per grid segment over the sorted busy list, jumping
 * straight past a busy interval instead of testing every grid point under it.
 */
import { firstEndingAfter, overlapsAny } from './intervals.js';
import type { MemberCalendar } from './member-calendar.js';
import { cutWindow, slotStride } from './slot-grid.js';
import type { EventRules, Interval } from './types.js';
import { DAY, MINUTE } from './zoned-time.js';

/** Starts (sorted, unique) and the seats left at each, in parallel arrays to spare allocations. */
export interface SlotList {
  starts: number[];
  seats: number[];
}

/** The starts a query may offer: `[from, to)` clipped to `[now + notice, now + horizon]`. */
export function bookableRange(event: EventRules, from: number, to: number, now: number): Interval {
  return {
    start: Math.max(from, now + event.minNoticeMinutes * MINUTE),
    end: Math.min(to, now + event.horizonDays * DAY + 1),
  };
}

/** The first point at or after `t` of the grid starting at `origin` (a plain function: closures in this loop cost). */
function gridFrom(origin: number, stride: number, t: number): number {
  return t <= origin ? origin : origin + Math.ceil((t - origin) / stride) * stride;
}

function insideAWindow(windows: Interval[], start: number, end: number): boolean {
  for (const w of windows) {
    if (w.start > start) return false;
    if (end <= w.end) return true;
  }
  return false;
}

/** Seats left at an existing session, or 0 when it is full or its host no longer fits it. */
function sessionSeats(cal: MemberCalendar, event: EventRules, start: number): number {
  const session = cal.sessions.get(start);
  if (!session) return 0;
  const left = event.seats - session.taken;
  if (left <= 0) return 0;
  const end = start + event.durationMinutes * MINUTE;
  if (!insideAWindow(cal.windows, start, end)) return 0;
  const from = start - event.bufferBeforeMinutes * MINUTE;
  const to = end + event.bufferAfterMinutes * MINUTE;
  if (overlapsAny(cal.busy, from, to)) return 0;
  for (const other of cal.sessions.values()) {
    if (other !== session && other.padded.start < to && other.padded.end > from) return 0;
  }
  return left;
}

/**
 * Seats the member can offer at `start`, ignoring the grid (0 = cannot take it): what an admin
 * reassigning a booking to a named member needs.
 */
export function seatsAt(cal: MemberCalendar, event: EventRules, start: number, range: Interval): number {
  if (start < range.start || start >= range.end) return 0;
  if (cal.sessions.has(start)) return sessionSeats(cal, event, start);
  const end = start + event.durationMinutes * MINUTE;
  if (!insideAWindow(cal.windows, start, end)) return 0;
  if (overlapsAny(cal.busyForNew, start - event.bufferBeforeMinutes * MINUTE, end + event.bufferAfterMinutes * MINUTE)) return 0;
  if (overlapsAny(cal.capped, start, start + 1)) return 0;
  return event.seats;
}

/**
 * The member's slots with starts in `range`. One loop, sweeping each window (or, where the grid
 * cuts it, each segment) inline, on origins read from a typed array: a call per window would hand
 * timestamps back boxed (past 2^31 they are heap numbers), and with them every start of the sweep.
 */
export function memberSlotList(cal: MemberCalendar, event: EventRules, range: Interval): SlotList {
  const starts: number[] = [];
  const seats: number[] = [];
  const stride = slotStride(event);
  const duration = event.durationMinutes * MINUTE;
  const before = event.bufferBeforeMinutes * MINUTE;
  const after = event.bufferAfterMinutes * MINUTE;
  const { busyForNew: busy, capped, grid } = cal;
  const lo = range.start;
  const hi = range.end;
  let sorted = true;
  const { windows } = cal;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i];
    const last = Math.min(w.end - duration, hi - 1);
    if (last < lo || w.start > last) continue;
    const count = starts.length;
    let origin = grid.origins[i];
    // Most windows are one run of marks; the others are cut where the zone's offset changes (or at midnight).
    const cut = Number.isNaN(origin) ? cutWindow(grid, w) : undefined;
    for (let k = 0; k < (cut ? cut.length : 1); k++) {
      let end = last;
      let s: number;
      if (cut) {
        origin = cut[k].origin;
        end = Math.min(last, cut[k].end - 1);
        s = gridFrom(origin, stride, Math.max(lo, cut[k].start));
      } else s = gridFrom(origin, stride, Math.max(lo, w.start));
      let b = firstEndingAfter(busy, s - before);
      let c = firstEndingAfter(capped, s);
      while (s <= end) {
        while (b < busy.length && busy[b].end <= s - before) b++;
        if (b < busy.length && busy[b].start < s + duration + after) {
          s = gridFrom(origin, stride, busy[b].end + before);
          continue;
        }
        while (c < capped.length && capped[c].end <= s) c++;
        if (c < capped.length && capped[c].start <= s) {
          s = gridFrom(origin, stride, capped[c].end);
          continue;
        }
        starts.push(s);
        seats.push(event.seats);
        s += stride;
      }
    }
    // Windows of neighbouring days may overlap: a start at or before the previous one unsorts the list.
    if (count > 0 && starts.length > count && starts[count] <= starts[count - 1]) sorted = false;
  }
  let list: SlotList = { starts, seats };
  if (cal.sessions.size) {
    for (const session of cal.sessions.values()) {
      const left = session.start >= lo && session.start < hi ? sessionSeats(cal, event, session.start) : 0;
      if (left > 0) {
        starts.push(session.start);
        seats.push(left);
        sorted = false;
      }
    }
  }
  if (!sorted) list = sortUnique(list);
  return list;
}

/** Windows of neighbouring days can overlap (ranges crossing midnight) and sessions sit off-grid. */
function sortUnique(list: SlotList): SlotList {
  const order = list.starts.map((_, i) => i).sort((a, b) => list.starts[a] - list.starts[b] || list.seats[b] - list.seats[a]);
  const out: SlotList = { starts: [], seats: [] };
  for (const i of order) {
    if (out.starts.length && out.starts[out.starts.length - 1] === list.starts[i]) continue;
    out.starts.push(list.starts[i]);
    out.seats.push(list.seats[i]);
  }
  return out;
}
