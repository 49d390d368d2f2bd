/**
 * What a new booking's rows are made of, shared by a booking of one session and one of several:
 * the `bookings` row from the request, and the replay of an earlier request that came with the
 * same idempotency key.
 */
import type { Kysely } from 'kysely';
import { bestLocale, matchLocale } from '../../shared/locales.js';
import type { EventType, Host, Page } from '../config/schema.js';
import type { Booking } from '../store/booking.js';
import { readBookingByIdempotencyKey, readSeries } from '../store/booking-rows.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import type { BookingTable, Database } from '../store/database.js';
import { newId, toStored } from '../store/identifiers.js';
import { hashIdempotencyKey, hashManageToken, keyedManageToken } from '../store/manage-token.js';
import type { BookingDeps } from './booking-deps.js';
import type { BookingRequest } from '../../shared/api-schemas.js';
import type { Actor } from '../store/activity.js';
import { newBookingLocation } from './location.js';
import { Refusal } from './refusal.js';

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
  /** Every session of a multi-session booking (`booking` is the first), by start. */
  sessions?: Booking[];
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** What an idempotency key is checked against: the request sent with it now. */
export interface KeyedRequest {
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
export async function earlierBooking(db: Kysely<Database>, keyed: KeyedRequest): Promise<Booking | undefined> {
  const earlier = await readBookingByIdempotencyKey(db, hashIdempotencyKey(keyed.key));
  if (!earlier) return undefined;
  const same =
    earlier.fingerprint === null
      ? earlier.booking.page === keyed.page && earlier.booking.email === keyed.email
      : earlier.fingerprint === keyed.fingerprint;
  if (!same) throw new Refusal('idempotency_key_reused', 'this idempotency key came with another request; a new request needs a new key');
  return earlier.booking;
}

export async function replay(deps: BookingDeps, config: ConfigSnapshot, keyed: KeyedRequest): Promise<CreatedBooking | undefined> {
  const booking = await earlierBooking(deps.store.db, keyed);
  if (!booking) return undefined;
  const sessions = booking.series ? { sessions: await readSeries(deps.store.db, booking.series) } : {};
  return { booking, event: config.eventTypes.get(booking.eventType), token: keyedManageToken(deps.secret, keyed.key), replayed: true, ...sessions };
}

/**
 * Simultaneous retries of one request race: the loser finds the winner's slot taken (it waited
 * for the winner's lock), or meets its key at the unique index. Either way the winner has
 * committed by then, and the loser answers with its booking (or, when it was not the same
 * request, is refused as any reuse of the key is). Any other failure is thrown again.
 */
export async function replayLostRace(deps: BookingDeps, config: ConfigSnapshot, keyed: KeyedRequest | undefined, error: unknown): Promise<CreatedBooking> {
  const lostRace = isUniqueViolation(error) || (error instanceof Refusal && error.code === 'slot_unavailable');
  if (keyed && lostRace) {
    const earlier = await replay(deps, config, keyed);
    if (earlier) return earlier;
  }
  throw error;
}

export function bookingRow(
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
    series_id: null,
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
