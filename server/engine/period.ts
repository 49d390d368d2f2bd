/**
 * The period a round robin pool counts its bookings over (`resetPeriod`): `monthly` starts on the
 * first of the current month at midnight in the pool's `timezone` (UTC when left out); `none`
 * looks back the store's window (a year), so an old imbalance fades instead of lasting forever.
 */
import type { Pool } from '../config/schema.js';
import type { Instant } from './types.js';
import { DAY, dateOfDayNumber, dayNumberOf, localDayOf, startOfLocalDay } from './zoned-time.js';

export const ROLLING_PERIOD = 365 * DAY;

export function periodStart(pool: Pick<Pool, 'resetPeriod' | 'timezone'>, now: Instant): Instant {
  if (pool.resetPeriod !== 'monthly') return now - ROLLING_PERIOD;
  const zone = pool.timezone ?? 'UTC';
  const firstOfMonth = dayNumberOf(`${dateOfDayNumber(localDayOf(zone, now)).slice(0, 7)}-01`);
  return startOfLocalDay(zone, firstOfMonth);
}
