/**
 * Trying a calendar connection before it is saved (docs/http-api.md, "Calendar test"): one read,
 * now, of the next 14 days, in the member's zone (floating times are read in it). The answer
 * says what was found or which way the read failed; it never carries the calendar's events, its
 * URL or its credentials, so the server is not a way to read what other addresses serve.
 */
import type { Calendar } from '../config/schema.js';
import { DAY, type Interval } from '../engine/index.js';
import { CalendarBusy, withOwner, type BusySource, type CalendarCheck } from '../integrations/calendar-busy.js';
import type { Actor } from '../store/activity.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { visibleMember } from './member-access.js';

export const CALENDAR_TEST_DAYS = 14;

/** For a server started without calendars (tests): a reader with the default timeout and limits. */
let fallback: BusySource | undefined;

export async function testCalendar(
  deps: Pick<BookingDeps, 'store' | 'calendar'>,
  req: { member: string; calendar: Calendar; actor: Actor; now: number },
): Promise<{ window: Interval; check: CalendarCheck }> {
  const member = await visibleMember(deps, req.actor, req.member);
  const window = { start: req.now, end: req.now + CALENDAR_TEST_DAYS * DAY };
  const reader = deps.calendar ?? (fallback ??= new CalendarBusy());
  // A Google or Microsoft 365 calendar without an id is the member's own, as when it is read for slots.
  return { window, check: await reader.check(withOwner(req.calendar, member.email), member.timezone, window) };
}
