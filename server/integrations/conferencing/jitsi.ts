/**
 * Jitsi Meet on meet.jit.si: no account and no API; a room exists once someone opens its URL, so
 * a booking's room is made with the booking itself (`booking/location.ts`), with no call to
 * queue. A room name nobody can guess is the only access control Jitsi has, so it is random.
 */
import { randomBytes } from 'node:crypto';

export function newJitsiUrl(): string {
  return `https://meet.jit.si/kairos-${randomBytes(12).toString('hex')}`;
}
