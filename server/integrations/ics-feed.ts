/**
 * An ICS feed: a whole calendar published at one URL (Google's "secret address in iCal
 * format", Outlook's published calendars, Nextcloud's public links). It has no query, so the
 * whole feed is read and cut down to the window here.
 */
import type { Interval } from '../engine/types.js';
import { icalBusy } from './ical-busy.js';
import { CalendarHttpError, calendarText } from './calendar-response.js';

/** Busy intervals of the feed at `url` overlapping `window`; throws when the feed can't be read. */
export async function fetchIcsFeed(
  url: string,
  window: Interval,
  floatingZone: string,
  fetchFn: typeof fetch,
  signal: AbortSignal,
  skip?: (uid: string) => boolean,
): Promise<Interval[]> {
  const response = await fetchFn(url, { headers: { accept: 'text/calendar' }, signal });
  if (!response.ok) throw new CalendarHttpError('ICS feed', response.status);
  return icalBusy(await calendarText(response), window, floatingZone, skip);
}
