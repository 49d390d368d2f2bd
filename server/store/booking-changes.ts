/**
 * Changes to an existing booking: cancel, reschedule, reassign, approve, decline, no-show.
 * Each reads the booking again inside the write transaction (its status may have changed since
 * the request arrived), and those that take time re-check it through the engine there.
 */
import type { Kysely } from 'kysely';
import type { WebhookEvent } from '../config/schema.js';
import { assign, memberCanTake } from '../engine/index.js';
import type { Place } from '../engine/types.js';
import { enqueue } from '../notify/enqueue.js';
import { actingMember, recordActivity, type Actor } from './activity.js';
import { BookingError } from './booking-error.js';
import { readBooking, type BookingRecord } from './booking-record.js';
import type { BookingDeps } from './booking-repository.js';
import { configSnapshot, getMember } from './config-repository.js';
import type { BookingStatus, Database } from './database.js';
import { fetchCalendarBusy, loadEngineState, resolveHost } from './engine-state.js';
import { newId, toStored } from './identifiers.js';
import { manageTokenMatches } from './manage-token.js';
import { writeTransaction } from './transaction.js';

/** Who asks: the customer holding the manage token, or an admin or member (see `Actor`). */
export type Requester = { token: string } | { actor: Actor };

const HOLDING: BookingStatus[] = ['pending', 'confirmed'];

/**
 * Refuses a requester the booking is not theirs to change. A member gets `not_found` for a
 * booking they are not assigned to, as for one that does not exist: their key shows only their
 * own bookings, so it must not tell which other ids exist.
 */
function ensureAllowed(booking: BookingRecord, by: Requester): void {
  if ('token' in by && !manageTokenMatches(by.token, booking.manageTokenHash)) throw new BookingError('invalid_token', 'the manage token does not match this booking');
  const member = 'actor' in by ? actingMember(by.actor) : undefined;
  if (member !== undefined && !booking.members.some((m) => m.id === member)) throw new BookingError('not_found', 'no such booking');
}

async function existing(deps: BookingDeps, id: string, by: Requester): Promise<BookingRecord> {
  const booking = await readBooking(deps.store.db, id);
  if (!booking) throw new BookingError('not_found', 'no such booking');
  ensureAllowed(booking, by);
  return booking;
}

/** Reads a booking for its customer; `invalid_token` unless the token is its manage token. */
export async function bookingForCustomer(deps: BookingDeps, id: string, token: string): Promise<BookingRecord> {
  return existing(deps, id, { token });
}

/**
 * Runs `work` on the booking as it is now, inside a transaction locking `memberIds`, then returns
 * it as it ended up. `by` is checked again there: the booking may have been given to someone
 * else since it was first read.
 */
async function change(
  deps: BookingDeps,
  id: string,
  by: Requester,
  memberIds: string[],
  allowed: BookingStatus[],
  work: (trx: Kysely<Database>, current: BookingRecord) => Promise<void>,
): Promise<BookingRecord> {
  await writeTransaction(deps.store, memberIds, async (trx) => {
    const current = await readBooking(trx, id);
    if (!current) throw new BookingError('not_found', 'no such booking');
    ensureAllowed(current, by);
    if (!allowed.includes(current.status)) throw new BookingError('invalid_state', `the booking is ${current.status}`);
    await work(trx, current);
  });
  return (await readBooking(deps.store.db, id))!;
}

async function setStatus(trx: Kysely<Database>, booking: BookingRecord, status: BookingStatus, now: number, extra: { reason?: string | null; bumpSequence: boolean }) {
  await trx
    .updateTable('bookings')
    .set({
      status,
      updated_at: toStored(now),
      sequence: booking.sequence + (extra.bumpSequence ? 1 : 0),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    })
    .where('id', '=', booking.id)
    .execute();
}

async function settlePoolAssignments(trx: Kysely<Database>, bookingId: string, outcome: 'cancelled' | 'no_show', memberId?: string) {
  let query = trx.updateTable('pool_assignments').set({ outcome }).where('booking_id', '=', bookingId).where('outcome', '=', 'held');
  if (memberId) query = query.where('member_id', '=', memberId);
  await query.execute();
}

async function notify(trx: Kysely<Database>, deps: BookingDeps, type: WebhookEvent, booking: BookingRecord, now: number, extra: { manageToken?: string; previous?: BookingRecord } = {}) {
  await enqueue(trx, {
    type,
    bookingId: booking.id,
    now,
    publicUrl: deps.publicUrl,
    ...(extra.manageToken ? { manageToken: extra.manageToken } : {}),
    ...(extra.previous
      ? { previous: { start: toStored(extra.previous.start), end: toStored(extra.previous.end), members: extra.previous.members.map((m) => m.id) } }
      : {}),
  });
}

export async function cancelBooking(deps: BookingDeps, req: { id: string; by: Requester; reason?: string; now: number }): Promise<BookingRecord> {
  const before = await existing(deps, req.id, req.by);
  const actor = 'token' in req.by ? 'customer' : req.by.actor;
  return change(deps, req.id, req.by, before.members.map((m) => m.id), HOLDING, async (trx, current) => {
    if ('token' in req.by && req.now >= current.start) throw new BookingError('too_late', 'the booking has already started');
    await setStatus(trx, current, 'cancelled', req.now, { reason: req.reason ?? null, bumpSequence: true });
    await settlePoolAssignments(trx, current.id, 'cancelled');
    await recordActivity(trx, { bookingId: current.id, type: 'cancelled', actor, now: req.now, data: { reason: req.reason ?? null } });
    await notify(trx, deps, 'booking.cancelled', current, req.now);
  });
}

export async function declineBooking(deps: BookingDeps, req: { id: string; actor: Actor; reason?: string; now: number }): Promise<BookingRecord> {
  const before = await existing(deps, req.id, { actor: req.actor });
  return change(deps, req.id, { actor: req.actor }, before.members.map((m) => m.id), ['pending'], async (trx, current) => {
    await setStatus(trx, current, 'declined', req.now, { reason: req.reason ?? null, bumpSequence: true });
    await settlePoolAssignments(trx, current.id, 'cancelled');
    await recordActivity(trx, { bookingId: current.id, type: 'declined', actor: req.actor, now: req.now, data: { reason: req.reason ?? null } });
    await notify(trx, deps, 'booking.declined', current, req.now);
  });
}

export async function markNoShow(deps: BookingDeps, req: { id: string; actor: Actor; now: number }): Promise<BookingRecord> {
  const before = await existing(deps, req.id, { actor: req.actor });
  return change(deps, req.id, { actor: req.actor }, before.members.map((m) => m.id), ['confirmed', 'completed'], async (trx, current) => {
    if (req.now < current.start) throw new BookingError('invalid_state', 'a booking can be marked a no-show once it has started');
    await setStatus(trx, current, 'no_show', req.now, { bumpSequence: false });
    await settlePoolAssignments(trx, current.id, 'no_show');
    await recordActivity(trx, { bookingId: current.id, type: 'no_show', actor: req.actor, now: req.now });
    await notify(trx, deps, 'booking.no_show', current, req.now);
  });
}

/** What the engine needs to re-check a booking's members at a time, without the booking's own hold. */
async function recheckScope(deps: BookingDeps, booking: BookingRecord, extraMembers: string[], start: number, now: number) {
  const config = await configSnapshot(deps.store.db);
  const event = config.eventTypes.get(booking.eventType);
  if (!event) throw new BookingError('not_found', 'the event type of this booking is no longer configured');
  const extra = extraMembers.flatMap((id) => config.members.get(id) ?? []);
  const resolved = resolveHost(config, [booking.host]) ?? { members: [], pools: [] };
  const known = new Set(resolved.members.map((m) => m.id));
  const members = [...resolved.members, ...extra.filter((m) => !known.has(m.id))];
  for (const m of booking.members) {
    const member = config.members.get(m.id);
    if (member && !members.some((x) => x.id === m.id)) members.push(member);
  }
  const end = start + event.durationMinutes * 60_000;
  const calendarBusy = await fetchCalendarBusy(deps.calendar, members, start, end, now);
  return { event, end, scope: { members, pools: resolved.pools, from: start, to: end, calendarBusy, excludeBooking: booking.id } };
}

export async function approveBooking(deps: BookingDeps, req: { id: string; actor: Actor; now: number }): Promise<BookingRecord> {
  const before = await existing(deps, req.id, { actor: req.actor });
  const { event, scope } = await recheckScope(deps, before, [], before.start, req.now);
  return change(deps, req.id, { actor: req.actor }, scope.members.map((m) => m.id), ['pending'], async (trx, current) => {
    const state = await loadEngineState(trx, scope);
    if (!current.members.every((m) => memberCanTake(m.id, event, current.start, state, req.now))) {
      throw new BookingError('slot_unavailable', 'an assigned member is no longer free at this time');
    }
    await setStatus(trx, current, 'confirmed', req.now, { bumpSequence: true });
    await recordActivity(trx, { bookingId: current.id, type: 'approved', actor: req.actor, now: req.now });
    await notify(trx, deps, 'booking.confirmed', current, req.now);
  });
}

async function replaceMembers(trx: Kysely<Database>, booking: BookingRecord, places: Place[], now: number) {
  const keep = new Set(places.map((p) => `${p.member}/${p.pool ?? ''}`));
  const leaving = booking.members.filter((m) => !keep.has(`${m.id}/${m.pool ?? ''}`));
  const current = new Set(booking.members.map((m) => `${m.id}/${m.pool ?? ''}`));
  const arriving = places.filter((p) => !current.has(`${p.member}/${p.pool ?? ''}`));
  for (const m of leaving) {
    await trx.deleteFrom('booking_members').where('booking_id', '=', booking.id).where('member_id', '=', m.id).execute();
    await trx
      .updateTable('pool_assignments')
      .set({ outcome: 'reassigned_away' })
      .where('booking_id', '=', booking.id)
      .where('member_id', '=', m.id)
      .where('outcome', '=', 'held')
      .execute();
  }
  if (arriving.length > 0) {
    await trx.insertInto('booking_members').values(arriving.map((p) => ({ booking_id: booking.id, member_id: p.member, pool: p.pool ?? null }))).execute();
  }
  const drawn = arriving.filter((p) => p.pool);
  if (drawn.length > 0) {
    await trx
      .insertInto('pool_assignments')
      .values(drawn.map((p) => ({ id: newId(), pool: p.pool!, member_id: p.member, booking_id: booking.id, assigned_at: toStored(now), outcome: 'held' as const })))
      .execute();
  }
}

/**
 * Moves a booking to a new time, keeping its members when they are all free then, otherwise
 * assigning again through the host. Same booking, same invite UID, SEQUENCE + 1.
 */
export async function rescheduleBooking(deps: BookingDeps, req: { id: string; token: string; start: number; now: number }): Promise<BookingRecord> {
  const before = await existing(deps, req.id, { token: req.token });
  const { event, end, scope } = await recheckScope(deps, before, [], req.start, req.now);
  return change(deps, req.id, { token: req.token }, scope.members.map((m) => m.id), HOLDING, async (trx, current) => {
    if (req.now >= current.start) throw new BookingError('too_late', 'the booking has already started');
    const state = await loadEngineState(trx, scope);
    let places: Place[] = current.members.map((m) => ({ member: m.id, ...(m.pool ? { pool: m.pool } : {}) }));
    if (!current.members.every((m) => memberCanTake(m.id, event, req.start, state, req.now))) {
      const assignment = assign(current.host, event, req.start, state, req.now);
      if (!assignment.ok) throw new BookingError('slot_unavailable', assignment.message);
      places = assignment.places;
    }
    await replaceMembers(trx, current, places, req.now);
    await trx
      .updateTable('bookings')
      .set({ start_at: toStored(req.start), end_at: toStored(end), sequence: current.sequence + 1, updated_at: toStored(req.now) })
      .where('id', '=', current.id)
      .execute();
    await recordActivity(trx, {
      bookingId: current.id,
      type: 'rescheduled',
      actor: 'customer',
      now: req.now,
      data: { from: toStored(current.start), to: toStored(req.start), members: places.map((p) => p.member) },
    });
    await notify(trx, deps, 'booking.rescheduled', current, req.now, { manageToken: req.token, previous: current });
  });
}

/**
 * Gives a booking to `member` instead of `replace`, which may be left out when the booking has
 * one member, or when a member acts: a member can only hand over their own place.
 */
export async function reassignBooking(deps: BookingDeps, req: { id: string; member: string; replace?: string; actor: Actor; now: number }): Promise<BookingRecord> {
  const before = await existing(deps, req.id, { actor: req.actor });
  const acting = actingMember(req.actor);
  if (acting !== undefined && req.replace !== undefined && req.replace !== acting) {
    throw new BookingError('forbidden', 'a member key can only hand over its own place', { replace: `must be ${acting}` });
  }
  if (!(await getMember(deps.store.db, req.member))) throw new BookingError('validation_failed', 'no such member', { member: 'unknown member' });
  const replace = req.replace ?? acting ?? (before.members.length === 1 ? before.members[0]!.id : undefined);
  if (!replace || !before.members.some((m) => m.id === replace)) {
    throw new BookingError('validation_failed', 'say which assigned member to replace', { replace: 'must be one of the assigned members' });
  }
  if (before.members.some((m) => m.id === req.member)) throw new BookingError('validation_failed', 'the member is already assigned', { member: 'already assigned' });
  const { event, scope } = await recheckScope(deps, before, [req.member], before.start, req.now);
  return change(deps, req.id, { actor: req.actor }, scope.members.map((m) => m.id), HOLDING, async (trx, current) => {
    const state = await loadEngineState(trx, scope);
    if (!memberCanTake(req.member, event, current.start, state, req.now)) throw new BookingError('slot_unavailable', `${req.member} is not free at this time`);
    const pool = current.members.find((m) => m.id === replace)?.pool ?? undefined;
    const staysInPool = pool !== undefined && scope.pools.some((p) => p.id === pool && p.members.some((m) => m.member === req.member));
    const places: Place[] = current.members.map((m) =>
      m.id === replace ? { member: req.member, ...(staysInPool ? { pool } : {}) } : { member: m.id, ...(m.pool ? { pool: m.pool } : {}) },
    );
    await replaceMembers(trx, current, places, req.now);
    await trx.updateTable('bookings').set({ sequence: current.sequence + 1, updated_at: toStored(req.now) }).where('id', '=', current.id).execute();
    await recordActivity(trx, { bookingId: current.id, type: 'reassigned', actor: req.actor, now: req.now, data: { from: replace, to: req.member } });
    await notify(trx, deps, 'booking.reassigned', current, req.now, { previous: current });
  });
}
