/** Where a new booking's meeting takes place, from its event type's location and conferencing. */
import type { EventType, Location } from '../config/schema.js';
import { newJitsiUrl } from '../integrations/conferencing/jitsi.js';
import type { BookingLocation } from '../store/booking.js';

export function bookingLocation(location: Location): BookingLocation {
  switch (location.type) {
    case 'video':
      return { type: 'video', joinUrl: location.provider === 'custom' && location.url ? location.url : newJitsiUrl() };
    case 'phone':
      return { type: 'phone', ...(location.number ? { number: location.number } : {}) };
    case 'in_person':
      return { type: 'in_person', ...(location.address ? { address: location.address } : {}) };
  }
}

/** The provider with an account whose meeting the event type's bookings get, if any (Jitsi needs no call). */
export function meetingProvider(event: Pick<EventType, 'conferencing'> | undefined): string | undefined {
  const provider = event?.conferencing?.provider;
  return provider && provider !== 'jitsi' ? provider : undefined;
}

/**
 * A new booking's location: a meeting at a provider is made after the booking commits
 * (`set-up-meeting.ts`), so until then its link is said to follow.
 */
export function newBookingLocation(event: Pick<EventType, 'location' | 'conferencing'>): BookingLocation {
  const provider = meetingProvider(event);
  if (provider) return { type: 'video', provider, joinUrlPending: true };
  if (event.conferencing?.provider === 'jitsi') return { type: 'video', joinUrl: newJitsiUrl() };
  return bookingLocation(event.location);
}

/** Where a booking meets when its provider kept failing: the event type's fallback, a Jitsi room unless it says otherwise. */
export function fallbackLocation(event: Pick<EventType, 'conferencing'> | undefined): BookingLocation {
  return bookingLocation(event?.conferencing?.fallback ?? { type: 'video', provider: 'jitsi' });
}
