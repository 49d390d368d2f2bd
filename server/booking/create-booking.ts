/**
 * Take a booking on a page: the event must be one of the page's entries, a personal link's token
 * must be genuine, the answers must fit the event's form, and the page's routing rules pick the
 * host (or refuse). Then, in one write transaction, the host's members are checked and chosen
 * under their locks (`assign-under-lock.ts`) and the booking, its consents, its history and its
 * notifications are written side by side, so no two requests can take the same member's time.
 */
import type { Kysely } from 'kysely';
import type { BookingRequest } from '../../shared/api-schemas.js';
import { bestLocale, matchLocale } from '../../shared/locales.js';
import type { EventType, Host, Page } from '../config/schema.js';
import { REACH, resolveHost } from '../engine/index.js';
import { fetchCalendarBusy } from '../integrations/calendar-busy.js';
import { recordActivity, type Actor } from '../store/activity.js';
import { assignee, bookingFromRow, type Booking } from '../store/booking.js';
import { insertBooking, readBookingByIdempotencyKey } from '../store/booking-rows.js';
import { configSnapshot, type ConfigSnapshot } from '../store/config-repository.js';
import { insertConsents } from '../store/consents.js';
import type { BookingTable, Database } from '../store/database.js';
import { deleteHold } from '../store/holds.js';
import { newId, toStored } from '../store/identifiers.js';
import { hashIdempotencyKey, hashManageToken, keyedManageToken, newManageToken } from '../store/manage-token.js';
import { writeTransaction } from '../store/transaction.js';
import { assignUnderLock } from './assign-under-lock.js';
import type { BookingDeps } from './booking-deps.js';
import { checkAnswers, checkGuests, consentsAnswered } from './booking-form.js';
import { newBookingLocation } from './location.js';
import { notifyChange } from './notify-change.js';
import { memberTeam, pageEntry, routedHost } from './page-entry.js';
import { verifyPersonalLink } from './personal-link.js';
import { Refusal } from './refusal.js';
import { requestFingerprint } from './request-fingerprint.js';

export interface NewBooking {
  page: string;
  request: BookingRequest;
  actor: Actor;
  /**
   * A member booking the customer with themselves: the host's place they can fill is narrowed to
   * them (`memberTeam`), so nobody else takes it; an entry they cannot host is refused.
   */
  hostedBy?: string;
  /** The embedding page's URL, kept as the source's referrer when the widget sent none. */
  referrer?: string;
  now: number;
}

export interface CreatedBooking {
  booking: Booking;
  /** The booking's event type, for the answer (a replay's may differ from the request's). */
  event: EventType | undefined;
  /** The manage token, known only now (the store keeps its hash). */
  token: string;
  /** True when an earlier request with the same idempotency key made this booking. */
  replayed: boolean;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** What an idempotency key is checked against: the request sent with it now. */
interface KeyedRequest {
  key: string;
  page: string;
  email: string;
  fingerprint: string;
}

/**
 * The booking an earlier request with the same key made, when that request was this one. A key
 * sent with any other request is refused: the replay would hand its sender the booking and its
 * manage token. Bookings keyed before fingerprints were kept (migration 0007) replay to the
 * same email on the same page.
 */
async function earlierBooking(db: Kysely<Database>, keyed: KeyedRequest): Promise<Booking | undefined> {
  const earlier = await readBookingByIdempotencyKey(db, hashIdempotencyKey(keyed.key));
  if (!earlier) return undefined;
  const same =
    earlier.fingerprint === null
      ? earlier.booking.page === keyed.page && earlier.booking.email === keyed.email
      : earlier.fingerprint === keyed.fingerprint;
  if (!same) throw new Refusal('idempotency_key_reused', 'this idempotency key came with another request; a new request needs a new key');
  return earlier.booking;
}

async function replay(deps: BookingDeps, config: ConfigSnapshot, keyed: KeyedRequest): Promise<CreatedBooking | undefined> {
  const booking = await earlierBooking(deps.store.db, keyed);
  return booking && { booking, event: config.eventTypes.get(booking.eventType), token: keyedManageToken(deps.secret, keyed.key), replayed: true };
}

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
    // Simultaneous retries of one request race: the loser finds the winner's slot taken (it
    // waited for the winner's lock), or meets its key at the unique index. Either way the winner
    // has committed by then, and the loser answers with its booking (or, when it was not the same
    // request, is refused as any reuse of the key is).
    const lostRace = isUniqueViolation(error) || (error instanceof Refusal && error.code === 'slot_unavailable');
    if (keyed && lostRace) {
      const earlier = await replay(deps, config, keyed);
      if (earlier) return earlier;
    }
    throw error;
  }
}

function bookingRow(
  deps: BookingDeps,
  input: NewBooking,
  made: { page: Page; event: EventType; host: Host; start: number; end: number; token: string; answers: Booking['answers']; guests: string[]; fingerprint: string | null; source: Booking['source'] },
): BookingTable {
  const { request } = input;
  const id = newId();
  const now = toStored(input.now);
  return {
    id,
    uid: `${id}@${new URL(deps.publicUrl).hostname}`,
    page: made.page.slug,
    event_type: made.event.id,
    host: JSON.stringify(made.host),
    status: made.event.requiresApproval ? 'pending' : 'confirmed',
    start_at: toStored(made.start),
    end_at: toStored(made.end),
    buffer_before: made.event.bufferBeforeMinutes,
    buffer_after: made.event.bufferAfterMinutes,
    timezone: request.timezone,
    // Emails and invites come in a shipped locale: the visitor's closest, else the page's.
    locale: matchLocale(request.locale) ?? bestLocale(made.page.locale),
    name: request.name,
    email: request.email,
    phone: request.phone || null,
    guests: JSON.stringify(made.guests),
    answers: JSON.stringify(made.answers),
    source: JSON.stringify(made.source),
    location: JSON.stringify(newBookingLocation(made.event)),
    manage_token_hash: hashManageToken(made.token),
    idempotency_key: request.idempotencyKey ? hashIdempotencyKey(request.idempotencyKey) : null,
    idempotency_fingerprint: made.fingerprint,
    sequence: 0,
    reason: null,
    created_at: now,
    updated_at: now,
  };
}
