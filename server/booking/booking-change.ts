/**
 * What every change to an existing booking shares: who may make it, and the transaction it runs
 * in. The booking is read again inside the write transaction (its status may have changed since
 * the request arrived), checked, changed, read back, and its notifications queued, all before the
 * commit.
 */
import type { Kysely } from 'kysely';
import type { WebhookEvent } from '../config/schema.js';
import { actingMember, type Actor } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { readBooking } from '../store/booking-rows.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import type { BookingStatus, Database } from '../store/database.js';
import { isLaterManageToken, manageTokenMatches } from '../store/manage-token.js';
import { writeTransaction } from '../store/transaction.js';
import type { BookingDeps } from './booking-deps.js';
import { notifyChange, type ChangeNotice } from './notify-change.js';
import { Refusal } from './refusal.js';

/** Who asks: the customer holding the manage token, or an admin or member (see `Actor`). */
export type Requester = { token: string } | { actor: Actor };

export const actorOf = (by: Requester): Actor => ('token' in by ? 'customer' : by.actor);

/**
 * Refuses a requester the booking is not theirs to change. A member gets `not_found` for a
 * booking they are not assigned to, as for one that does not exist: their key shows only their
 * own bookings, so it must not tell which other ids exist.
 */
async function ensureAllowed(db: Kysely<Database>, booking: Booking, by: Requester): Promise<void> {
  if ('token' in by && !manageTokenMatches(by.token, booking.manageTokenHash) && !(await isLaterManageToken(db, booking.id, by.token))) {
    throw new Refusal('invalid_token', 'the manage token does not match this booking');
  }
  const member = 'actor' in by ? actingMember(by.actor) : undefined;
  if (member !== undefined && !booking.members.some((m) => m.id === member)) throw new Refusal('not_found', 'no such booking');
}

/** The booking, if it exists and `by` may see it. */
export async function existingBooking(deps: BookingDeps, id: string, by: Requester): Promise<Booking> {
  const booking = await readBooking(deps.store.db, id);
  if (!booking) throw new Refusal('not_found', 'no such booking');
  await ensureAllowed(deps.store.db, booking, by);
  return booking;
}

/**
 * The booking as it is now, read inside the write transaction `trx`: still there, still `by`'s
 * to change (it may have been given to someone else since it was first read), and in one of the
 * `allowed` statuses.
 */
export async function currentBooking(trx: Kysely<Database>, id: string, by: Requester, allowed: readonly BookingStatus[]): Promise<Booking> {
  const current = await readBooking(trx, id);
  if (!current) throw new Refusal('not_found', 'no such booking');
  await ensureAllowed(trx, current, by);
  if (!allowed.includes(current.status)) throw new Refusal('invalid_state', `the booking is ${current.status}`);
  return current;
}

export interface Change {
  id: string;
  by: Requester;
  /** Members whose time the change may take (PostgreSQL locks them, in id order). */
  lock: readonly string[];
  /** An event type whose team-wide limit the change counts (locked first, `writeTransaction`). */
  teamLimited?: string;
  /** The statuses the booking may be in. */
  allowed: readonly BookingStatus[];
  /** What the change is, for the outbox. */
  type: WebhookEvent;
  now: number;
  /** Changes the rows; what it returns goes with the notifications. */
  work(trx: Kysely<Database>, current: Booking): Promise<ChangeNotice | void>;
}

/** Runs `change` on the booking as it is now, in one write transaction, and returns the booking as it ended up. */
export async function changeBooking(deps: BookingDeps, config: ConfigSnapshot, change: Change): Promise<Booking> {
  const work = async (trx: Kysely<Database>) => {
    const current = await currentBooking(trx, change.id, change.by, change.allowed);
    const notice = (await change.work(trx, current)) ?? {};
    const after = (await readBooking(trx, change.id))!;
    await notifyChange(trx, deps, config, change.type, after, change.now, notice);
    return after;
  };
  return writeTransaction(deps.store, change.lock, work, change.teamLimited);
}
