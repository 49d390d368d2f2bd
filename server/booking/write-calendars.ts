/**
 * Writes bookings into their members' own calendars: the handler the outbox worker calls for each
 * `calendar` row (`calendar-syncs.ts` queues them), outside any booking transaction. Each run
 * brings every calendar in line with the booking as it is now: an event in the calendar of each
 * assigned member who writes bookings into one, written again after a move (its SEQUENCE raised),
 * and none anywhere else — a cancelled or declined booking leaves every calendar, a reassigned one
 * leaves the old member's.
 *
 * A calendar server that keeps failing (the outbox's last try), or refuses outright (a wrong
 * password, no such calendar), never touches the booking: the activity says which member's
 * calendar could not be written and why (`calendar_write_failed`).
 */
import { holdingStatuses } from '../../shared/booking-status.js';
import type { Member } from '../config/schema.js';
import type { CaldavCalendar } from '../integrations/caldav.js';
import { deleteCaldavEvent, putCaldavEvent, type CaldavWriteOptions } from '../integrations/calendar-write/caldav-write.js';
import { CalendarWriteError } from '../integrations/calendar-write/calendar-writer.js';
import { mailBooking, memberCalendarEvent, type CalendarHandler, type Outcome } from '../notify/index.js';
import { recordActivity } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { forgetCalendarEvent, readCalendarEvents, saveCalendarEvent, type BookingCalendarEvent } from '../store/booking-calendar-events.js';
import { readBooking } from '../store/booking-rows.js';
import { configSnapshot, type ConfigSnapshot } from '../store/config-repository.js';
import type { Store } from '../store/connect.js';
import { writeTarget } from './calendar-syncs.js';
import { eventOf } from './notify-change.js';

export interface CalendarWriteDeps {
  store: Store;
  publicUrl: string;
  /** How calendar servers are called (a test's timeout, a test's fetch). */
  caldav?: CaldavWriteOptions;
}

type Call = Parameters<CalendarHandler>[0];

interface Failure {
  member: string;
  calendar: string;
  error: unknown;
}

export function calendarHandler(deps: CalendarWriteDeps): CalendarHandler {
  return (call) => writeCalendars(deps, call);
}

/** The events of Kairos's bookings, by UID (`create-booking.ts` makes them `<id>@<public host>`): busy time read back skips them. */
export function ownBookingEvent(publicUrl: string): (uid: string) => boolean {
  const suffix = `@${new URL(publicUrl).hostname}`;
  return (uid) => uid.endsWith(suffix);
}

export async function writeCalendars(deps: CalendarWriteDeps, call: Call): Promise<Outcome> {
  const db = deps.store.db;
  const [booking, written, config] = await Promise.all([readBooking(db, call.bookingId), readCalendarEvents(db, call.bookingId), configSnapshot(db)]);
  // Erased since: its event rows went with it.
  if (!booking) return { ok: true };
  const wanted = new Map<string, { member: Member; calendar: CaldavCalendar }>();
  if (holdingStatuses.includes(booking.status)) {
    for (const assignee of booking.members) {
      const member = config.members.get(assignee.id);
      const calendar = writeTarget(member);
      if (member && calendar) wanted.set(member.id, { member, calendar });
    }
  }
  const failures: Failure[] = [];
  // Removals first: a reassigned booking leaves the old member's calendar before it enters the new one's.
  for (const event of written) {
    if (wanted.get(event.memberId)?.calendar.url === event.calendar) continue;
    try {
      await deleteCaldavEvent(calendarOf(config, event), event, deps.caldav);
      await forgetCalendarEvent(db, booking.id, event.memberId);
    } catch (error) {
      failures.push({ member: event.memberId, calendar: event.calendar, error });
    }
  }
  for (const { member, calendar } of wanted.values()) {
    const previous = written.find((e) => e.memberId === member.id && e.calendar === calendar.url);
    try {
      const ics = memberCalendarEvent(mailBooking(booking, eventOf(config, booking), config.pages.get(booking.page) ?? null), new Date(call.now).toISOString(), deps.publicUrl, member.locale);
      const event = await putCaldavEvent(calendar, booking.uid, ics, previous, deps.caldav);
      await saveCalendarEvent(db, { bookingId: booking.id, memberId: member.id, calendar: calendar.url, ...event }, call.now);
    } catch (error) {
      failures.push({ member: member.id, calendar: calendar.url, error });
    }
  }
  if (failures.length === 0) return { ok: true };
  const error = failures.map((f) => `${f.member}: ${message(f.error)}`).join('; ');
  if (!call.lastAttempt && failures.some((f) => retryable(f.error))) {
    const after = Math.max(0, ...failures.map((f) => (f.error instanceof CalendarWriteError ? (f.error.retryAfterMs ?? 0) : 0)));
    // The next run writes again what failed here; what worked is then changed in place, not doubled.
    return { ok: false, error, ...(after > 0 ? { retryAfterMs: after } : {}) };
  }
  await giveUp(deps, booking, failures, call.now);
  return { ok: false, error, final: true };
}

/** Said once per member whose calendar could not be written: the booking itself stands as it is. */
async function giveUp(deps: CalendarWriteDeps, booking: Booking, failures: Failure[], now: number): Promise<void> {
  for (const failure of failures) {
    await recordActivity(deps.store.db, {
      bookingId: booking.id,
      type: 'calendar_write_failed',
      actor: 'system',
      now,
      // The calendar's host only: a calendar's path may carry a secret, as private feed addresses do.
      data: { member: failure.member, calendar: hostOf(failure.calendar), error: message(failure.error) },
    });
  }
}

/** The calendar an event sits in, with the member's credentials for it while their config still names it. */
function calendarOf(config: ConfigSnapshot, event: BookingCalendarEvent): CaldavCalendar {
  const named = config.members.get(event.memberId)?.calendars.find((c): c is CaldavCalendar => c.type === 'caldav' && c.url === event.calendar);
  return named ?? { type: 'caldav', url: event.calendar };
}

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : 'an invalid URL');

const retryable = (error: unknown) => !(error instanceof CalendarWriteError) || error.retryable;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
