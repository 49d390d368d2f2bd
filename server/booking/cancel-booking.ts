/**
 * Cancel a booking: its customer (with the manage token) before it starts, or an admin or its
 * member at any time. Of a multi-session booking, `scope: 'all'` cancels every session that still
 * holds its time (for the customer: every one not yet started) in one transaction, and tells
 * everyone once.
 */
import { holdingStatuses } from '../../shared/booking-status.js';
import { recordActivity } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { readBooking, readSeries, settleAssignments, updateBooking } from '../store/booking-rows.js';
import { configSnapshot } from '../store/config-repository.js';
import { writeTransaction } from '../store/transaction.js';
import { actorOf, changeBooking, currentBooking, existingBooking, type Requester } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { notifyChange } from './notify-change.js';
import { Refusal } from './refusal.js';

export interface CancelRequest {
  id: string;
  by: Requester;
  reason?: string;
  /** Of a series: this session (the default) or all of them. */
  scope?: 'one' | 'all';
  now: number;
}

export async function cancelBooking(deps: BookingDeps, req: CancelRequest): Promise<Booking> {
  const before = await existingBooking(deps, req.id, req.by);
  if (req.scope === 'all' && before.series) return cancelSeries(deps, before.series, req);
  return changeBooking(deps, await configSnapshot(deps.store.db), {
    id: req.id,
    by: req.by,
    lock: before.members.map((m) => m.id),
    allowed: holdingStatuses,
    type: 'booking.cancelled',
    now: req.now,
    async work(trx, current) {
      if ('token' in req.by && req.now >= current.start) throw new Refusal('too_late', 'the booking has already started');
      await updateBooking(trx, current.id, { status: 'cancelled', reason: req.reason ?? null, sequence: current.sequence + 1 }, req.now);
      await settleAssignments(trx, current.id, 'cancelled');
      await recordActivity(trx, { bookingId: current.id, type: 'cancelled', actor: actorOf(req.by), now: req.now, data: { reason: req.reason ?? null } });
    },
  });
}

async function cancelSeries(deps: BookingDeps, series: string, req: CancelRequest): Promise<Booking> {
  const config = await configSnapshot(deps.store.db);
  const lock = (await readSeries(deps.store.db, series)).flatMap((b) => b.members.map((m) => m.id));
  return writeTransaction(deps.store, lock, async (trx) => {
    const ended: Booking[] = [];
    let started = false;
    for (const session of await readSeries(trx, series)) {
      if (!holdingStatuses.includes(session.status)) continue;
      // A session already under way or past stays as it is; the customer cancels what is to come.
      if ('token' in req.by && req.now >= session.start) {
        started = true;
        continue;
      }
      const current = await currentBooking(trx, session.id, req.by, holdingStatuses);
      await updateBooking(trx, current.id, { status: 'cancelled', reason: req.reason ?? null, sequence: current.sequence + 1 }, req.now);
      await settleAssignments(trx, current.id, 'cancelled');
      await recordActivity(trx, { bookingId: current.id, type: 'cancelled', actor: actorOf(req.by), now: req.now, data: { reason: req.reason ?? null, series } });
      ended.push((await readBooking(trx, current.id))!);
    }
    if (ended.length === 0 && started) throw new Refusal('too_late', 'every session left has already started');
    if (ended.length === 0) throw new Refusal('invalid_state', 'every session of the series is cancelled already');
    await notifyChange(trx, deps, config, 'booking.cancelled', ended[0], req.now, { sessions: ended });
    return (await readBooking(trx, req.id))!;
  });
}
