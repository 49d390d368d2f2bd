/**
 * A page's `localWorkingHours`: only slots that start and end inside those hours on the
 * *visitor's* clock are shown, so a visitor in Tokyo is not offered 03:00 with a team in Paris.
 * Hours whose end is at or before their start run past midnight (`20:00`–`02:00`).
 */
import type { Slot } from './types.js';
import { DAY, MINUTE, minutesOf, utcToWall } from './zoned-time.js';

export function filterLocalWorkingHours(slots: Slot[], hours: { start: string; end: string }, timezone: string): Slot[] {
  const open = minutesOf(hours.start) * MINUTE;
  let close = minutesOf(hours.end) * MINUTE;
  if (close <= open) close += DAY;
  return slots.filter((slot) => {
    const start = utcToWall(timezone, slot.start);
    const end = utcToWall(timezone, slot.end);
    // The hours may have opened on the slot's local day or, when they run past midnight, the day before.
    const day = Math.floor(start / DAY) * DAY;
    for (const opened of [day + open, day - DAY + open]) {
      if (start >= opened && end <= opened - open + close) return true;
    }
    return false;
  });
}
