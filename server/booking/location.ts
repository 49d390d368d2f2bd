/** Where a new booking's meeting takes place, from its event type's location. */
import { randomBytes } from 'node:crypto';
import type { Location } from '../config/schema.js';
import type { BookingLocation } from '../store/booking.js';

/** A Jitsi room nobody can guess: the room name is the only access control Jitsi has. */
function newJitsiUrl(): string {
  return `https://meet.jit.si/kairos-${randomBytes(12).toString('hex')}`;
}

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
