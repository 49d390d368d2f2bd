/**
 * Making a booking: the availability check and the inserts sit side by side in one write
 * transaction, serialised per member (see `transaction.ts`), so no two requests can take the
 * same member's time. Changes to existing bookings are in `booking-changes.ts`.
 */
import type { Kysely, Selectable } from 'kysely';
import type { EventType, Host, Location, Page } from '../config/schema.js';
import { bookingView } from '../notify/booking-view.js';
import { enqueue } from '../notify/enqueue.js';
import { recordActivity, type Actor } from './activity.js';
import { BookingError } from './booking-error.js';
import { bookingRecord, readBookingByIdempotencyKey, type BookingLocation, type BookingRecord } from './booking-record.js';
import { membersById, type ConfigSnapshot } from './config-repository.js';
import type { Store } from './connect.js';
import type { BookingTable, Database } from './database.js';
import { assignUnderLock } from './booking-assignment.js';
import { fetchCalendarBusy, resolveHost, type BusySource } from './engine-state.js';
import { newId, newJitsiUrl, toStored } from './identifiers.js';
import { hashIdempotencyKey, hashManageToken, keyedManageToken, newManageToken } from './manage-token.js';
import { writeTransaction } from './transaction.js';

export interface BookingDeps {
  store: Store;
  /** Base of manage and invite links, e.g. `https://book.example.com`. */
  publicUrl: string;
  /** Server secret (settings `server_secret`), for keyed manage tokens. */
  secret: string;
  calendar?: BusySource;
}

export interface NewBooking {
  /** The config the request was read against; the booking is checked and written against it too. */
  config: ConfigSnapshot;
  page: Page;
  event: EventType;
  /** The host after routing rules. */
  host: Host;
  start: number;
  timezone: string;
  locale: string;
  name: string;
  email: string;
  phone?: string;
  answers: Record<string, string | boolean>;
  source: Record<string, string>;
  idempotencyKey?: string;
  actor: Actor;
  now: number;
}

export interface CreatedBooking {
  booking: BookingRecord;
  /** The manage token, known only now (the store keeps its hash). */
  token: string;
  /** True when an earlier request with the same idempotency key made this booking. */
  replayed: boolean;
}

function bookingLocation(location: Location): BookingLocation {
  switch (location.type) {
    case 'video':
      return { type: 'video', joinUrl: location.provider === 'custom' && location.url ? location.url : newJitsiUrl() };
    case 'phone':
      return { type: 'phone', ...(location.number ? { number: location.number } : {}) };
    case 'in_person':
      return { type: 'in_person', ...(location.address ? { address: location.address } : {}) };
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

async function replay(deps: BookingDeps, key: string): Promise<CreatedBooking | undefined> {
  const booking = await readBookingByIdempotencyKey(deps.store.db, key);
  return booking && { booking, token: keyedManageToken(deps.secret, key), replayed: true };
}

export async function createBooking(deps: BookingDeps, input: NewBooking): Promise<CreatedBooking> {
  const { store } = deps;
  if (input.idempotencyKey) {
    const earlier = await replay(deps, input.idempotencyKey);
    if (earlier) return earlier;
  }
  const resolved = resolveHost(input.config, [input.host]);
  if (!resolved) throw new BookingError('not_found', 'the host of this event is not configured');
  const end = input.start + input.event.durationMinutes * 60_000;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, resolved.members, input.start, end, input.now);
  const token = input.idempotencyKey ? keyedManageToken(deps.secret, input.idempotencyKey) : newManageToken();
  const id = newId();
  let outcome: { replayed: boolean; booking: BookingRecord };
  try {
    // No members locked up front: `assignUnderLock` locks those it chooses.
    outcome = await writeTransaction(store, [], async (trx) => {
      // A retry whose first attempt committed since the lookup above (on SQLite: wrote earlier in
      // this batch) gets that booking here; one still in flight on PostgreSQL is caught below.
      const made = input.idempotencyKey ? await readBookingByIdempotencyKey(trx, input.idempotencyKey) : undefined;
      if (made) return { replayed: true, booking: made };
      const scope = { ...resolved, from: input.start, to: end, calendarBusy, checking: input.event };
      const places = await assignUnderLock(store, trx, input, scope);
      const row = await insertBooking(trx, deps, input, { id, end, token, places });
      // Everything the notifications and the answer say is at hand: nothing is read back.
      const assignees = membersById(input.config, places.map((p) => p.member));
      const booking = bookingView(row, input.event, input.page, assignees);
      await enqueue(trx, { type: 'booking.created', bookingId: id, now: input.now, publicUrl: deps.publicUrl, manageToken: token, booking, config: input.config });
      const pools = new Map(places.map((p) => [p.member, p.pool ?? null]));
      return { replayed: false, booking: bookingRecord(row, assignees.map((m) => ({ id: m.id, name: m.name, email: m.email, pool: pools.get(m.id) ?? null }))) };
    });
  } catch (error) {
    // Simultaneous retries of one request race: the loser finds the winner's slot taken (it
    // waited for the winner's lock), or meets its key at the unique index. Either way the winner
    // has committed by then, and the loser answers with its booking.
    const lostRace = isUniqueViolation(error) || (error instanceof BookingError && error.code === 'slot_unavailable');
    if (input.idempotencyKey && lostRace) {
      const earlier = await replay(deps, input.idempotencyKey);
      if (earlier) return earlier;
    }
    throw error;
  }
  return { ...outcome, token };
}

async function insertBooking(
  trx: Kysely<Database>,
  deps: BookingDeps,
  input: NewBooking,
  made: { id: string; end: number; token: string; places: { member: string; pool?: string }[] },
): Promise<Selectable<BookingTable>> {
  const now = toStored(input.now);
  const row: Selectable<BookingTable> = {
    id: made.id,
    uid: `${made.id}@${new URL(deps.publicUrl).hostname}`,
    page: input.page.slug,
    event_type: input.event.id,
    host: JSON.stringify(input.host),
    status: input.event.requiresApproval ? 'pending' : 'confirmed',
    start_at: toStored(input.start),
    end_at: toStored(made.end),
    buffer_before: input.event.bufferBeforeMinutes,
    buffer_after: input.event.bufferAfterMinutes,
    timezone: input.timezone,
    locale: input.locale,
    name: input.name,
    email: input.email,
    phone: input.phone ?? null,
    answers: JSON.stringify(input.answers),
    source: JSON.stringify(input.source),
    location: JSON.stringify(bookingLocation(input.event.location)),
    manage_token_hash: hashManageToken(made.token),
    idempotency_key: input.idempotencyKey ? hashIdempotencyKey(input.idempotencyKey) : null,
    sequence: 0,
    reason: null,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('bookings').values(row).execute();
  await trx
    .insertInto('booking_members')
    .values(made.places.map((p) => ({ booking_id: made.id, member_id: p.member, pool: p.pool ?? null })))
    .execute();
  const drawn = made.places.filter((p) => p.pool);
  if (drawn.length > 0) {
    await trx
      .insertInto('pool_assignments')
      .values(drawn.map((p) => ({ id: newId(), pool: p.pool!, member_id: p.member, booking_id: made.id, assigned_at: now, outcome: 'held' as const })))
      .execute();
  }
  await recordActivity(trx, {
    bookingId: made.id,
    type: input.event.requiresApproval ? 'requested' : 'created',
    actor: input.actor,
    now: input.now,
    data: { start: toStored(input.start), members: made.places.map((p) => p.member), source: input.source },
  });
  return row;
}
