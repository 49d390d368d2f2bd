/**
 * The scheduling engine: pure functions over plain data, no I/O, no clock (`now` is a parameter).
 * Instants are UTC milliseconds; wall-clock rules become UTC in `zoned-time.ts` only.
 */
export type * from './types.js';
export type { Host, Pool, Rule } from '../config/schema.js';
export { availability } from './availability.js';
export { hostSlots, assign, memberCanTake, memberOffers, placesFree, poolChoices } from './host.js';
export { bookableRange } from './slots.js';
export { assignPicks, assignWeekly, weeklySlots, weeklyStarts, WEEK, type SessionsAssignment, type SeriesSlot } from './sessions.js';
export { filterLocalWorkingHours } from './local-working-hours.js';
export { route } from './routing.js';
export { REACH } from './reach.js';
export { capReach } from './caps.js';
export { resolveHost, type ResolvedHost, type Team } from './resolve-host.js';
export { narrowHost } from './narrow-host.js';
export { poolStats, distributionOrder, memberFigures, nextInLine, type NextReason, type LineFigures, type OrderCriterion } from './distribution.js';
export { calibrations, absencesIn, countsShares, type Absences } from './calibration.js';
export { periodStart, ROLLING_PERIOD } from './period.js';
export { awaySpans, type AwaySpan } from './away.js';
export { weeklyAssigned, type WeekCounts } from './weekly-series.js';
export { DAY, MINUTE } from './zoned-time.js';
export { zonedDayRange, offsetAt, startOfLocalDay, localDayOf, dateOfDayNumber, dayNumberOf } from './zoned-time.js';
