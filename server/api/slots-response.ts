/** Slots as the API answers them (`Slots`), for a page's visitors and for a member's own: instants as ISO strings. */
import type { FoundSlots } from '../booking/find-slots.js';
import type { SlotsResponse } from '../../shared/api-schemas.js';
import { isoInstant } from './booking-response.js';

export function slotsResponse(found: FoundSlots): SlotsResponse {
  return {
    event: found.event,
    timezone: found.timezone,
    slots: found.slots.map((s) => ({
      start: isoInstant(s.start),
      end: isoInstant(s.end),
      seatsLeft: s.seatsLeft,
      ...(s.host !== undefined ? { host: { name: found.standIns?.[s.host] ?? s.host } } : {}),
      ...(s.sessions ? { sessions: s.sessions.map(isoInstant) } : {}),
    })),
  };
}
