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
import { CalendarWriteError, type WrittenEvent } from '../integrations/calendar-write/calendar-writer.js';
import type { ProviderCalendar } from '../integrations/calendar-write/provider-calendars.js';
import { mailBooking, memberCalendarEvent, memberEventText, type CalendarHandler, type Outcome } from '../notify/index.js';
import { recordActivity } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { forgetCalendarEvent, readCalendarEvents, saveCalendarEvent, type BookingCalendarEvent } from '../store/booking-calendar-events.js';
import { readBooking } from '../store/booking-rows.js';
import { configSnapshot, type ConfigSnapshot } from '../store/config-repository.js';
import type { Store } from '../store/connect.js';
import { writeTarget, type WriteTarget } from './calendar-syncs.js';
import { eventOf } from './notify-change.js';

export interface CalendarWriteDeps {
  store: Store;
  publicUrl: string;
  /** How calendar servers are called (a test's timeout, a test's fetch). */
  caldav?: CaldavWriteOptions;
  /** Google Calendar and Microsoft 365, as this environment sets them up (`providerCalendars`). */
  providers?: ReadonlyMap<string, ProviderCalendar>;
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
  const wanted = new Map<string, { member: Member; target: WriteTarget }>();
  if (holdingStatuses.includes(booking.status)) {
    for (const assignee of booking.members) {
      const member = config.members.get(assignee.id);
      const target = writeTarget(member);
      if (member && target) wanted.set(member.id, { member, target });
    }
  }
  const failures: Failure[] = [];
  // Removals first: a reassigned booking leaves the old member's calendar before it enters the new one's.
  for (const event of written) {
    if (wanted.get(event.memberId)?.target.key === event.calendar) continue;
    try {
      await removeEvent(deps, targetOf(config, event), event);
      await forgetCalendarEvent(db, booking.id, event.memberId);
    } catch (error) {
      failures.push({ member: event.memberId, calendar: event.calendar, error });
    }
  }
  for (const { member, target } of wanted.values()) {
    const previous = written.find((e) => e.memberId === member.id && e.calendar === target.key);
    try {
      const event = await putEvent(deps, target, booking, member, config, call.now, previous);
      await saveCalendarEvent(db, { bookingId: booking.id, memberId: member.id, calendar: target.key, ...event }, call.now);
    } catch (error) {
      failures.push({ member: member.id, calendar: target.key, error });
    }
  }
  if (failures.length === 0) return { ok: true };
  const error = failures.map((f) => `${f.member}: ${message(f.error)}`).join('; ');
  if (!call.lastAttempt && failures.some((f) => retryable(f.error))) {
    const after = Math.max(0, ...failures.map((f) => retryAfter(f.error)));
    // The next run writes again what failed here; what worked is then changed in place, not doubled.
    return { ok: false, error, ...(after > 0 ? { retryAfterMs: after } : {}) };
  }
  await giveUp(deps, booking, failures, call.now);
  return { ok: false, error, final: true };
}

async function putEvent(deps: CalendarWriteDeps, target: WriteTarget, booking: Booking, member: Member, config: ConfigSnapshot, now: number, previous: WrittenEvent | undefined): Promise<WrittenEvent> {
  const mail = mailBooking(booking, eventOf(config, booking), config.pages.get(booking.page) ?? null);
  if (target.kind === 'caldav') return putCaldavEvent(target.calendar, booking.uid, memberCalendarEvent(mail, new Date(now).toISOString(), deps.publicUrl, member.locale), previous, deps.caldav);
  return providerOf(deps, target.kind).put(target.owner, { bookingId: booking.id, ...memberEventText(mail, member.locale), start: mail.start, end: mail.end, timezone: member.timezone }, previous);
}

async function removeEvent(deps: CalendarWriteDeps, target: WriteTarget, event: WrittenEvent): Promise<void> {
  if (target.kind === 'caldav') return deleteCaldavEvent(target.calendar, event, deps.caldav);
  return providerOf(deps, target.kind).remove(target.owner, event);
}

function providerOf(deps: CalendarWriteDeps, kind: 'google' | 'microsoft'): ProviderCalendar {
  const provider = deps.providers?.get(kind);
  if (!provider) throw new CalendarWriteError(`${kind === 'google' ? 'Google Calendar' : 'Microsoft 365'} is not set up on this server (its KAIROS_ variables are missing)`, false);
  return provider;
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

/** The calendar an event sits in, by its row's key; a CalDAV one with the member's credentials while their config still names it. */
function targetOf(config: ConfigSnapshot, event: BookingCalendarEvent): WriteTarget {
  const provider = /^(google|microsoft):(.*)$/.exec(event.calendar);
  if (provider) return { kind: provider[1] as 'google' | 'microsoft', key: event.calendar, owner: provider[2]! };
  const named = config.members.get(event.memberId)?.calendars.find((c): c is CaldavCalendar => c.type === 'caldav' && c.url === event.calendar);
  return { kind: 'caldav', key: event.calendar, calendar: named ?? { type: 'caldav', url: event.calendar } };
}

/** A CalDAV calendar by its host only (its path may carry a secret); a provider's calendar by its key. */
const hostOf = (key: string) => (/^(google|microsoft):/.test(key) ? key : URL.canParse(key) ? new URL(key).host : 'an invalid URL');

/** Both the CalDAV and the providers' errors say whether another try may work; anything else (the network) may. */
const retryable = (error: unknown) => (error as { retryable?: unknown } | null)?.retryable !== false;

const retryAfter = (error: unknown) => {
  const after = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof after === 'number' ? after : 0;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
