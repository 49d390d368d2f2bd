/**
 * What the engine needs to check an existing booking's members at a time — the host's members
 * and pools, the booking's own members, any newcomer — without the booking's own hold.
 */
import { REACH, resolveHost } from '../engine/index.js';
import { fetchCalendarBusy } from '../integrations/calendar-busy.js';
import type { Booking } from '../store/booking.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import type { StateScope } from '../store/engine-state.js';
import type { BookingDeps } from './booking-deps.js';
import { Refusal } from './refusal.js';

export async function recheckScope(deps: BookingDeps, config: ConfigSnapshot, booking: Booking, newcomers: string[], start: number, now: number) {
  const event = config.eventTypes.get(booking.eventType);
  if (!event) throw new Refusal('not_found', 'the event type of this booking is no longer configured');
  const resolved = resolveHost(config, [booking.host]) ?? { members: [], pools: [] };
  const members = [...resolved.members];
  for (const id of [...newcomers, ...booking.members.map((m) => m.id)]) {
    const member = config.members.get(id);
    if (member && !members.some((m) => m.id === id)) members.push(member);
  }
  const end = start + event.durationMinutes * 60_000;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, members, start - REACH, end + REACH, now);
  const scope: StateScope = { members, pools: resolved.pools, from: start, to: end, calendarBusy, excludeBooking: booking.id, counting: event, now };
  return { event, end, scope };
}
