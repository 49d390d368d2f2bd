/** Book on behalf of a customer: an admin takes a booking as the customer would, recorded with the admin as its actor, and without a personal link. */
import type { BookingRequest } from '../../shared/api-schemas.js';
import type { Actor } from '../store/activity.js';
import type { BookingDeps } from './booking-deps.js';
import { createBooking, type CreatedBooking } from './create-booking.js';

export async function bookOnBehalf(
  deps: BookingDeps,
  input: { page: string; request: Omit<BookingRequest, 'personalLink'>; actor: Actor; now: number },
): Promise<CreatedBooking> {
  return createBooking(deps, { page: input.page, request: input.request, actor: input.actor, now: input.now });
}
