/**
 * Ask the customer to choose a new time: an email with a manage link (a token of its own, since
 * only the hash of the first is kept) and the asker's message, in the booking's language. The
 * booking itself does not change — its time, members, invite and reminders stay — until the
 * customer reschedules it (or cancels it) through the link.
 */
import { holdingStatuses } from '../../shared/booking-status.js';
import { enqueueRescheduleRequest } from '../notify/index.js';
import { recordActivity, type Actor } from '../store/activity.js';
import type { Booking } from '../store/booking.js';
import { configSnapshot } from '../store/config-repository.js';
import { addManageToken, newManageToken } from '../store/manage-token.js';
import { writeTransaction } from '../store/transaction.js';
import { currentBooking } from './booking-change.js';
import type { BookingDeps } from './booking-deps.js';
import { manageUrl } from './links.js';
import { eventOf } from './notify-change.js';
import { Refusal } from './refusal.js';

export async function askToReschedule(deps: BookingDeps, req: { id: string; actor: Actor; message?: string; now: number }): Promise<Booking> {
  const config = await configSnapshot(deps.store.db);
  // No member's time is taken: nothing to lock but the write itself.
  return writeTransaction(deps.store, [], async (trx) => {
    const booking = await currentBooking(trx, req.id, { actor: req.actor }, holdingStatuses);
    if (req.now >= booking.start) throw new Refusal('invalid_state', 'the booking has already started');
    // Its customer's data was erased (GDPR): there is nobody left to ask.
    if (booking.email === '') throw new Refusal('invalid_state', 'the booking has no customer address left');
    const token = newManageToken();
    await addManageToken(trx, booking.id, token, req.now);
    await recordActivity(trx, { bookingId: booking.id, type: 'reschedule_requested', actor: req.actor, now: req.now, data: { message: req.message ?? null } });
    await enqueueRescheduleRequest(trx, {
      booking,
      event: eventOf(config, booking),
      page: config.pages.get(booking.page) ?? null,
      now: req.now,
      publicUrl: deps.publicUrl,
      manageUrl: manageUrl(deps.publicUrl, booking.id, token),
      ...(req.message ? { message: req.message } : {}),
    });
    return booking;
  });
}
