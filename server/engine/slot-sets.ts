/**
 * Union and intersection of slot lists: a pool offers the union of its members' slots, a panel
 * the intersection of its places'. Seats left: the most any one member offers (a booking goes to
 * one member of a pool), the fewest any place offers (a panel needs every place).
 */
import type { SlotList } from './slots.js';
import { MINUTE } from './zoned-time.js';

/**
 * Union through a per-minute table over the range: linear in slots plus minutes, where merging
 * dozens of sorted lists would be dominated by comparisons. Starts off the whole minute (rare:
 * busy times and sessions from outside the grid) are merged separately.
 */
export function unionSlots(lists: SlotList[], rangeStart: number, rangeEnd: number): SlotList {
  const nonEmpty = lists.filter((l) => l.starts.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? { starts: [], seats: [] };
  const base = Math.floor(rangeStart / MINUTE) * MINUTE;
  const size = Math.ceil((rangeEnd - base) / MINUTE) + 1;
  const table = new Uint16Array(size);
  const odd = new Map<number, number>();
  for (const { starts, seats } of nonEmpty) {
    for (let i = 0; i < starts.length; i++) {
      // Instants are beyond 32-bit integers, where `%` is a slow float remainder: divide instead.
      const k = (starts[i] - base) / MINUTE;
      if (k === Math.floor(k)) {
        if (seats[i] > table[k]) table[k] = seats[i];
      } else if (seats[i] > (odd.get(starts[i]) ?? 0)) {
        odd.set(starts[i], seats[i]);
      }
    }
  }
  const union: SlotList = { starts: [], seats: [] };
  const extra = [...odd.keys()].sort((a, b) => a - b);
  let e = 0;
  for (let k = 0; k < size; k++) {
    if (table[k] === 0) continue;
    const start = base + k * MINUTE;
    while (e < extra.length && extra[e] < start) {
      union.starts.push(extra[e]);
      union.seats.push(odd.get(extra[e])!);
      e++;
    }
    union.starts.push(start);
    union.seats.push(table[k]);
  }
  for (; e < extra.length; e++) {
    union.starts.push(extra[e]);
    union.seats.push(odd.get(extra[e])!);
  }
  return union;
}

export function intersectSlots(a: SlotList, b: SlotList): SlotList {
  const out: SlotList = { starts: [], seats: [] };
  let i = 0;
  let j = 0;
  while (i < a.starts.length && j < b.starts.length) {
    if (a.starts[i] < b.starts[j]) i++;
    else if (a.starts[i] > b.starts[j]) j++;
    else {
      out.starts.push(a.starts[i]);
      out.seats.push(Math.min(a.seats[i], b.seats[j]));
      i++;
      j++;
    }
  }
  return out;
}
