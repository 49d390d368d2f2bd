/**
 * A CalDAV calendar collection (RFC 4791): asked with a `calendar-query` REPORT for the events
 * in a time range, with `expand` so servers that support it send single occurrences.
 * Servers that don't (Radicale 3.1) send whole series, which `icalBusy` expands the same way.
 */
import type { Member } from '../config/schema.js';
import type { Interval } from '../engine/types.js';
import { icalBusy } from './ical-busy.js';
import { CalendarHttpError, calendarText } from './calendar-response.js';

export type CaldavCalendar = Extract<Member['calendars'][number], { type: 'caldav' }>;

/** Busy intervals of the collection at `calendar.url` overlapping `window`; throws on any failure. */
export async function fetchCaldavBusy(
  calendar: CaldavCalendar,
  window: Interval,
  floatingZone: string,
  fetchFn: typeof fetch,
  signal: AbortSignal,
  skip?: (uid: string) => boolean,
): Promise<Interval[]> {
  const headers: Record<string, string> = { depth: '1', 'content-type': 'application/xml; charset=utf-8' };
  if (calendar.username !== undefined) {
    const credentials = `${calendar.username}:${calendar.password ?? ''}`;
    headers.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  }
  const response = await fetchFn(calendar.url, { method: 'REPORT', headers, body: calendarQuery(window), signal });
  if (response.status !== 207) throw new CalendarHttpError('CalDAV REPORT', response.status);
  return calendarData(await calendarText(response)).flatMap((ics) => icalBusy(ics, window, floatingZone, skip));
}

function calendarQuery(window: Interval): string {
  const range = `start="${caldavTime(window.start)}" end="${caldavTime(window.end)}"`;
  return `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:expand ${range}/></C:calendar-data></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT"><C:time-range ${range}/></C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>`;
}

/** RFC 4791 §9.9: UTC date-times in the basic format, `20261201T090000Z`. */
function caldavTime(instant: number): string {
  return new Date(instant).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/**
 * The iCalendar texts of a multistatus answer. The element's namespace prefix is whatever the
 * server chose, so it is matched loosely; the text is either CDATA or XML-escaped.
 */
function calendarData(multistatus: string): string[] {
  const element = /<(?:[\w.-]+:)?calendar-data\b[^>]*?(\/)?>(?:([\s\S]*?)<\/(?:[\w.-]+:)?calendar-data>)?/g;
  const texts: string[] = [];
  for (const match of multistatus.matchAll(element)) {
    if (match[1] === '/' || !match[2]) continue;
    const text = unescapeXml(match[2].trim());
    if (text) texts.push(text);
  }
  return texts;
}

function unescapeXml(text: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(text);
  if (cdata) return cdata[1];
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, entity: string) => {
    if (entity[0] === '#') {
      const hex = entity[1] === 'x' || entity[1] === 'X';
      return String.fromCodePoint(parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity.toLowerCase()] ?? '';
  });
}
