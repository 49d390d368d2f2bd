/**
 * Book on behalf of a customer: someone of the team takes a booking as the customer would,
 * recorded with them as its actor, and without a personal link. An admin books with whoever the
 * entry's host gives; a member books with themselves, on an entry they can host
 * (`memberTeam`), and only when they are free then.
 */
import type { BookingRequest } from '../../shared/api-schemas.js';
import { actingMember, type Actor } from '../store/activity.js';
import type { BookingDeps } from './booking-deps.js';
import { createBooking, type CreatedBooking } from './create-booking.js';

export async function bookOnBehalf(
  deps: BookingDeps,
  input: { page: string; request: Omit<BookingRequest, 'personalLink'>; actor: Actor; now: number },
): Promise<CreatedBooking> {
  const member = actingMember(input.actor);
  return createBooking(deps, { page: input.page, request: input.request, actor: input.actor, now: input.now, ...(member === undefined ? {} : { hostedBy: member }) });
}
