/**
 * Hold a time for a visitor while they fill the form, and let it go. A hold is taken exactly as
 * a booking is (`create-booking.ts`): the same entry, routing and host, checked and assigned under
 * the same member locks (`assign-under-lock.ts`), so two visitors holding one time at once get one
 * hold and one `slot_unavailable`. It takes the member(s) the booking would take now: a pool's
 * hold takes the member its method picks at this moment, a panel's every member it needs, and in
 * a group session one seat. Until it expires, slots and other bookings see it as a booking; the
 * booking that carries its token is not blocked by it, and ends it.
 */
import type { HoldRequest } from '../../shared/api-schemas.js';
import { REACH, resolveHost } from '../engine/index.js';
import { fetchCalendarBusy } from '../integrations/calendar-busy.js';
import { configSnapshot } from '../store/config-repository.js';
import { deleteHold, insertHold, newHoldToken } from '../store/holds.js';
import { writeTransaction } from '../store/transaction.js';
import { assignUnderLock } from './assign-under-lock.js';
import type { BookingDeps } from './booking-deps.js';
import { pageEntry, routedHost } from './page-entry.js';
import { Refusal } from './refusal.js';

/** How long a hold lasts when the event type does not say (`holdMinutes`). */
export const HOLD_MINUTES = 5;

export interface WantedHold {
  page: string;
  request: HoldRequest;
  now: number;
}

export interface Hold {
  /** The hold's token: shown only now, stored as its hash. */
  token: string;
  expiresAt: number;
}

export async function holdTime(deps: BookingDeps, input: WantedHold): Promise<Hold> {
  const { request, now } = input;
  const config = await configSnapshot(deps.store.db);
  const { page, entry, event } = pageEntry(config, input.page, request.event);
  const host = routedHost(page, entry, request.answers ?? {}, request.locale);
  const resolved = resolveHost(config, [host]);
  if (!resolved) throw new Refusal('not_found', 'the host of this event is not configured');
  const start = Date.parse(request.start);
  const end = start + event.durationMinutes * 60_000;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, resolved.members, start - REACH, end + REACH, now);
  const hold = { token: newHoldToken(), page: page.slug, event, start, end, expiresAt: now + (event.holdMinutes ?? HOLD_MINUTES) * 60_000 };
  await writeTransaction(deps.store, [], async (trx) => {
    const scope = { ...resolved, from: start, to: end, calendarBusy, checking: event, holdsAt: now };
    await insertHold(trx, hold, await assignUnderLock(deps.store, trx, { host, event, start, now }, scope));
  });
  return { token: hold.token, expiresAt: hold.expiresAt };
}

/**
 * Lets the hold `token` names on `page` go, as the visitor leaves or picks another time. Releasing
 * only frees time, so it takes no member lock; an unknown or expired hold is released already.
 */
export async function releaseHold(deps: Pick<BookingDeps, 'store'>, page: string, token: string): Promise<void> {
  await deleteHold(deps.store.db, page, token);
}
