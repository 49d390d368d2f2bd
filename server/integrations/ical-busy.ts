/**
 * Busy time from iCalendar data (RFC 5545): the VEVENTs that keep a member busy, as UTC
 * intervals. Recurring series are expanded inside the window; an occurrence replaced by a
 * RECURRENCE-ID exception or removed by EXDATE is not counted twice; transparent and
 * cancelled events (or occurrences) take no time.
 */
import ICAL from 'ical.js';
import { fromZonedTime } from 'date-fns-tz';
import { isTimeZone } from '../../shared/time-zones.js';
import { DAY, type Interval } from '../engine/index.js';
import { CalendarDataError } from './calendar-response.js';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;
type Property = InstanceType<typeof ICAL.Property>;

/**
 * A series is expanded at most this many times, so a feed with a minutely rule started years
 * ago cannot stall a slot page; a daily series reaches 130 years before the cap.
 */
const MAX_OCCURRENCES = 50_000;

/**
 * Busy intervals of the events in `ics` that overlap `window`. Floating times and all-day
 * dates are read in `floatingZone` (the member's zone), as RFC 5545 §3.3.5 leaves them to
 * the attendee's own zone.
 */
/**
 * `skip`: events left out by UID — Kairos's own bookings written back into the calendar
 * (`calendar-write/`), which the store already counts: read back here they would block twice,
 * and keep blocking a time after its booking moved until the calendar caught up.
 */
export function icalBusy(ics: string, window: Interval, floatingZone: string, skip?: (uid: string) => boolean): Interval[] {
  let calendar: Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(ics));
  } catch (error) {
    throw new CalendarDataError(error);
  }
  if (calendar.name !== 'vcalendar') throw new CalendarDataError(new Error(`a ${calendar.name ?? 'blank'} document, not a VCALENDAR`));
  const events = calendar.getAllSubcomponents('vevent').filter((event) => !skip?.(String(event.getFirstPropertyValue('uid') ?? '')));
  const instantOf = instantReader(floatingZone);
  const replaced = replacedOccurrences(events, instantOf);
  const busy: Interval[] = [];
  for (const component of events) {
    if (!keepsBusy(component)) continue;
    // Exceptions are related by instant below, not by ical.js (which matches them by text
    // and scans the whole calendar once per event).
    const event = new ICAL.Event(component, { exceptions: [] });
    if (event.isRecurring() && !event.isRecurrenceException()) {
      // Not push(...series): a long series would overflow the argument stack.
      for (const occurrence of expandSeries(event, window, instantOf, replaced.get(event.uid))) busy.push(occurrence);
      continue;
    }
    const start = instantOf(event.startDate, tzidOf(component, 'dtstart'));
    // Without DTEND the end is DTSTART plus DURATION (or a day), in DTSTART's zone.
    const endZone = tzidOf(component, component.hasProperty('dtend') ? 'dtend' : 'dtstart');
    const end = instantOf(event.endDate, endZone);
    if (start < window.end && end > window.start && end > start) busy.push({ start, end });
  }
  return busy;
}

/** Every occurrence of the series that overlaps `window`, minus EXDATEs and replaced ones. */
function expandSeries(
  event: InstanceType<typeof ICAL.Event>,
  window: Interval,
  instantOf: InstantReader,
  replaced: Set<number> | undefined,
): Interval[] {
  const tzid = tzidOf(event.component, 'dtstart');
  // ical.js compares EXDATEs as it reads them, which goes wrong for a TZID it has no
  // VTIMEZONE for; comparing instants catches those too.
  const excluded = new Set(
    event.component.getAllProperties('exdate').flatMap((exdate: Property) =>
      exdate.getValues().map((time: Time) => instantOf(time, tzidParameter(exdate))),
    ),
  );
  const duration = event.duration;
  const durationMs = duration.toSeconds() * 1000;
  const iterator = event.iterator();
  const busy: Interval[] = [];
  for (let count = 0; count < MAX_OCCURRENCES; count++) {
    const occurrence = iterator.next();
    if (!occurrence) break;
    // Zone conversion is the costly part of a long series; an occurrence whose wall clock
    // ends over a day before the window ends before it in any zone, so it is passed cheaply.
    if (wallClockAsUtc(occurrence) + durationMs + DAY < window.start) continue;
    const start = instantOf(occurrence, tzid);
    if (start >= window.end) break;
    if (excluded.has(start) || replaced?.has(start)) continue;
    const endTime = occurrence.clone();
    endTime.addDuration(duration);
    const end = instantOf(endTime, tzid);
    if (end > window.start && end > start) busy.push({ start, end });
  }
  return busy;
}

/** UID → the original instants of occurrences that an exception (moved, cancelled…) replaces. */
function replacedOccurrences(events: Component[], instantOf: InstantReader): Map<string, Set<number>> {
  const replaced = new Map<string, Set<number>>();
  for (const component of events) {
    const property = component.getFirstProperty('recurrence-id');
    if (!property) continue;
    const uid = String(component.getFirstPropertyValue('uid'));
    const instants = replaced.get(uid) ?? new Set<number>();
    instants.add(instantOf(property.getFirstValue() as Time, tzidParameter(property)));
    replaced.set(uid, instants);
  }
  return replaced;
}

function keepsBusy(component: Component): boolean {
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const transparency = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  return status !== 'CANCELLED' && transparency !== 'TRANSPARENT';
}

function tzidOf(component: Component, name: string): string | undefined {
  const property = component.getFirstProperty(name);
  return property ? tzidParameter(property) : undefined;
}

function tzidParameter(property: Property): string | undefined {
  const tzid = property.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

type InstantReader = (time: Time, tzid: string | undefined) => number;

/**
 * Reads the UTC instant of an iCalendar time. UTC times and times whose TZID has a VTIMEZONE
 * in the data are converted by ical.js; a TZID without one (common in hand-made feeds) is read
 * as the IANA zone of that name; floating times and dates fall back to `floatingZone`.
 */
function instantReader(floatingZone: string): InstantReader {
  // Checking a zone name builds an Intl formatter, far too slow to do per occurrence.
  const zones = new Map<string, string>();
  const zoneFor = (tzid: string) => {
    let zone = zones.get(tzid);
    if (zone === undefined) zones.set(tzid, (zone = isTimeZone(tzid) ? tzid : floatingZone));
    return zone;
  };
  return (time, tzid) => {
    if (time.zone && time.zone.tzid !== 'floating') return time.toUnixTime() * 1000;
    return fromZonedTime(wallClock(time), tzid === undefined ? floatingZone : zoneFor(tzid)).getTime();
  };
}

function wallClockAsUtc(time: Time): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

function wallClock(time: Time): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const date = `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  return time.isDate ? `${date}T00:00:00` : `${date}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
}
