/**
 * Take a booking of several sessions (config `sessions`), all or none: a `pick` event's chosen
 * starts, or a `weekly` event's series from its first start. Each session is a booking of its own
 * (its own invite UID, its own cancellation), tied to the others by one series id and one manage
 * token.
 *
 * Race-safety: the request locks every member the host could give it (PostgreSQL, in id order,
 * after the team-wide limit's lock; SQLite's write lock covers all), then checks every session on
 * one fresh read and writes them side by side. A series takes several times at once, so unlike a
 * single booking it does not try the pool's members one by one: it waits for all of them, as a
 * panel of the whole pool would. Any session taken meanwhile refuses the whole request, and the
 * transaction writes nothing.
 */
import type { EventType, Host, Page, Sessions } from '../config/schema.js';
import { assignPicks, assignWeekly, DAY, MINUTE, REACH, WEEK, type ResolvedHost } from '../engine/index.js';
import { fetchCalendarBusy } from '../integrations/calendar-busy.js';
import { recordActivity } from '../store/activity.js';
import { assignee, bookingFromRow, type Booking } from '../store/booking.js';
import { insertBooking, readSeries } from '../store/booking-rows.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import { insertConsents } from '../store/consents.js';
import { loadEngineState } from '../store/engine-state.js';
import { deleteHold } from '../store/holds.js';
import { newId } from '../store/identifiers.js';
import { keyedManageToken, newManageToken } from '../store/manage-token.js';
import { lockMembers, lockTeamLimit, writeTransaction } from '../store/transaction.js';
import type { BookingDeps } from './booking-deps.js';
import { consentsAnswered } from './booking-form.js';
import { bookingRow, earlierBooking, replayLostRace, type CreatedBooking, type KeyedRequest, type NewBooking } from './new-booking-row.js';
import { notifyChange } from './notify-change.js';
import { Refusal } from './refusal.js';

export interface SessionsRequest {
  config: ConfigSnapshot;
  page: Page;
  event: EventType;
  sessions: Sessions;
  host: Host;
  resolved: ResolvedHost;
  answers: Booking['answers'];
  guests: string[];
  keyed: KeyedRequest | undefined;
}

/** The picked starts, checked for their count, order and overlaps; `validation_failed` otherwise. */
function pickedStarts(input: NewBooking, sessions: Extract<Sessions, { mode: 'pick' }>, event: EventType): number[] {
  const starts = (input.request.starts ?? [input.request.start]).map((s) => Date.parse(s));
  const refuse = (why: string) => {
    throw new Refusal('validation_failed', why, { starts: why });
  };
  if (starts[0] !== Date.parse(input.request.start)) refuse('the first of the starts must be the start');
  if (sessions.exact && starts.length !== sessions.count) refuse(`this event takes exactly ${sessions.count} sessions`);
  if (starts.length > sessions.count) refuse(`this event takes at most ${sessions.count} sessions`);
  for (let i = 1; i < starts.length; i++) {
    if (starts[i] <= starts[i - 1]) refuse('the starts must be in order, each once');
    if (starts[i] < starts[i - 1] + event.durationMinutes * MINUTE) refuse('two sessions overlap');
  }
  return starts;
}

export async function createSessions(deps: BookingDeps, input: NewBooking, req: SessionsRequest): Promise<CreatedBooking> {
  const { request, now } = input;
  const { config, page, event, sessions, host, resolved, keyed } = req;
  const first = Date.parse(request.start);
  if (sessions.mode === 'weekly' && request.starts !== undefined && request.starts.length > 1) {
    throw new Refusal('validation_failed', 'a weekly series is asked by its first start', { starts: 'send only the first start' });
  }
  const picked = sessions.mode === 'pick' ? pickedStarts(input, sessions, event) : undefined;
  const from = first;
  // A weekly series' later sessions may move by a DST change: a day more covers it.
  const to = picked ? picked[picked.length - 1] + event.durationMinutes * MINUTE : first + (sessions.count - 1) * WEEK + DAY;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, resolved.members, from - REACH, to + REACH, now);
  const token = keyed ? keyedManageToken(deps.secret, keyed.key) : newManageToken();
  const source = { ...(input.referrer ? { referrer: input.referrer.slice(0, 2000) } : {}), ...(request.source ?? {}) };
  const series = newId();
  try {
    const made = await writeTransaction(deps.store, [], async (trx) => {
      const earlier = keyed ? await earlierBooking(trx, keyed) : undefined;
      if (earlier) return { booking: earlier, replayed: true };
      if (event.teamLimit) await lockTeamLimit(deps.store, trx, event.id);
      await lockMembers(deps.store, trx, resolved.members.map((m) => m.id));
      // Visitors' live holds are taken time, except the one this request carries, which it ends.
      const state = await loadEngineState(trx, { ...resolved, from, to, calendarBusy, counting: event, holdsAt: now, ownHold: request.holdId, now });
      const chosen = picked ? assignPicks(host, event, picked, state, now) : assignWeekly(host, event, first, sessions.count, state, now);
      if (!chosen.ok) throw new Refusal('slot_unavailable', chosen.message);
      const bookings: Booking[] = [];
      for (let i = 0; i < chosen.starts.length; i++) {
        const start = chosen.starts[i];
        const places = chosen.places[i];
        const base = bookingRow(deps, input, { page, event, host, start, end: start + event.durationMinutes * MINUTE, token, answers: req.answers, guests: req.guests, fingerprint: keyed?.fingerprint ?? null, source });
        // The key and its fingerprint stay with the first session: a replay answers the series from it.
        const row = { ...base, series_id: series, ...(i > 0 ? { idempotency_key: null, idempotency_fingerprint: null } : {}) };
        await insertBooking(trx, row, places);
        await insertConsents(trx, consentsAnswered(event, page, row.locale, req.answers).map((c) => ({ ...c, booking: row.id, at: now })));
        await recordActivity(trx, {
          bookingId: row.id,
          type: event.requiresApproval ? 'requested' : 'created',
          actor: input.actor,
          now,
          data: { start: row.start_at, members: places.map((p) => p.member), source, series, session: i + 1, of: chosen.starts.length },
        });
        bookings.push(bookingFromRow(row, places.map((p) => assignee(p.member, config.members.get(p.member), p.pool ?? null))));
      }
      if (request.holdId !== undefined) await deleteHold(trx, page.slug, request.holdId);
      // One confirmation lists every session; each session still has its own invite, reminders and webhooks.
      await notifyChange(trx, deps, config, 'booking.created', bookings[0], now, { manageToken: token, sessions: bookings });
      return { booking: bookings[0], replayed: false, sessions: bookings };
    });
    const all = made.sessions ?? (made.booking.series ? await readSeries(deps.store.db, made.booking.series) : [made.booking]);
    return { booking: made.booking, event: config.eventTypes.get(made.booking.eventType), token, replayed: made.replayed, sessions: all };
  } catch (error) {
    return replayLostRace(deps, config, keyed, error);
  }
}
