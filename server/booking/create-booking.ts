/**
 * Take a booking on a page: the event must be one of the page's entries, a personal link's token
 * must be genuine, the answers must fit the event's form, and the page's routing rules pick the
 * host (or refuse). Then, in one write transaction, the host's members are checked and chosen
 * under their locks (`assign-under-lock.ts`) and the booking, its consents, its history and its
 * notifications are written side by side, so no two requests can take the same member's time.
 */
import { REACH, resolveHost } from '../engine/index.js';
import { fetchCalendarBusy } from '../integrations/calendar-busy.js';
import { recordActivity } from '../store/activity.js';
import { assignee, bookingFromRow } from '../store/booking.js';
import { insertBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { insertConsents } from '../store/consents.js';
import { deleteHold } from '../store/holds.js';
import { keyedManageToken, newManageToken } from '../store/manage-token.js';
import { writeTransaction } from '../store/transaction.js';
import { assignUnderLock } from './assign-under-lock.js';
import { createSessions } from './create-sessions.js';
import { bookingRow, earlierBooking, replay, replayLostRace, type CreatedBooking, type NewBooking } from './new-booking-row.js';
import type { BookingDeps } from './booking-deps.js';
import { checkAnswers, checkGuests, consentsAnswered } from './booking-form.js';
import { notifyChange } from './notify-change.js';
import { memberTeam, pageEntry, routedHost } from './page-entry.js';
import { verifyPersonalLink } from './personal-link.js';
import { Refusal } from './refusal.js';
import { requestFingerprint } from './request-fingerprint.js';

export type { CreatedBooking, NewBooking } from './new-booking-row.js';

export async function createBooking(deps: BookingDeps, input: NewBooking): Promise<CreatedBooking> {
  const { request, now } = input;
  // One read of the config serves the whole request.
  const config = await configSnapshot(deps.store.db);
  const { page, entry, event } = pageEntry(config, input.page, request.event);
  if (request.personalLink !== undefined) {
    const link = verifyPersonalLink(request.personalLink, deps.secret, now);
    if (!link || link.page !== page.slug || (link.event !== undefined && link.event !== event.id)) {
      throw new Refusal('invalid_token', 'the personal link is not valid or has expired', undefined, 400);
    }
  }
  const checked = checkAnswers(event, page, request);
  const invited = checkGuests(event, request);
  if ('fields' in checked || 'fields' in invited) {
    throw new Refusal('validation_failed', 'some answers need another look', { ...('fields' in checked ? checked.fields : {}), ...('fields' in invited ? invited.fields : {}) });
  }
  const host = routedHost(page, entry, { ...checked.answers, name: request.name, email: request.email, phone: request.phone }, request.locale);
  const team = input.hostedBy === undefined ? config : memberTeam(config, host, input.hostedBy);
  const key = request.idempotencyKey;
  const keyed = key ? { key, page: page.slug, email: request.email, fingerprint: requestFingerprint(page.slug, request) } : undefined;
  if (keyed) {
    const earlier = await replay(deps, config, keyed);
    if (earlier) return earlier;
  }
  const resolved = resolveHost(team, [host]);
  if (!resolved) throw new Refusal('not_found', 'the host of this event is not configured');
  if (event.sessions) {
    return createSessions(deps, input, { config, page, event, sessions: event.sessions, host, resolved, answers: checked.answers, guests: invited.guests, keyed });
  }
  if (request.starts !== undefined && request.starts.length > 1) {
    throw new Refusal('validation_failed', 'this event takes one session', { starts: 'this event takes one start' });
  }
  const start = Date.parse(request.start);
  const end = start + event.durationMinutes * 60_000;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, resolved.members, start - REACH, end + REACH, now);
  const token = key ? keyedManageToken(deps.secret, key) : newManageToken();
  const source = { ...(input.referrer ? { referrer: input.referrer.slice(0, 2000) } : {}), ...(request.source ?? {}) };
  const row = bookingRow(deps, input, { page, event, host, start, end, token, answers: checked.answers, guests: invited.guests, fingerprint: keyed?.fingerprint ?? null, source });
  try {
    // No members locked up front: `assignUnderLock` locks those it chooses.
    const made = await writeTransaction(deps.store, [], async (trx) => {
      // A retry whose first attempt committed since the lookup above (on SQLite: wrote earlier in
      // this batch) gets that booking here; one still in flight on PostgreSQL is caught below.
      const earlier = keyed ? await earlierBooking(trx, keyed) : undefined;
      if (earlier) return { booking: earlier, replayed: true };
      // Visitors' live holds are taken time, except the one this booking carries, which it ends.
      const scope = { ...resolved, from: start, to: end, calendarBusy, checking: event, holdsAt: now, ownHold: request.holdId, now };
      const places = await assignUnderLock(deps.store, trx, { host, event, start, now }, scope);
      await insertBooking(trx, row, places);
      if (request.holdId !== undefined) await deleteHold(trx, page.slug, request.holdId);
      // The words each consent said now, not whatever the config says when someone asks later.
      await insertConsents(trx, consentsAnswered(event, page, row.locale, checked.answers).map((c) => ({ ...c, booking: row.id, at: now })));
      await recordActivity(trx, {
        bookingId: row.id,
        type: event.requiresApproval ? 'requested' : 'created',
        actor: input.actor,
        now,
        data: { start: row.start_at, members: places.map((p) => p.member), source },
      });
      // Everything the notifications and the answer say is at hand: nothing is read back.
      const booking = bookingFromRow(row, places.map((p) => assignee(p.member, config.members.get(p.member), p.pool ?? null)));
      await notifyChange(trx, deps, config, 'booking.created', booking, now, { manageToken: token });
      return { booking, replayed: false };
    });
    return { ...made, event: config.eventTypes.get(made.booking.eventType), token };
  } catch (error) {
    return replayLostRace(deps, config, keyed, error);
  }
}
