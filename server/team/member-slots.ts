/**
 * A member's own free times on a page entry, so the console can offer them when the member books
 * a customer with themselves: the page's slots with the host narrowed to that member, computed as
 * the booking will check them (`findSlots`). A member sees only their own (anyone else is
 * `not_found`, as if absent); an admin anyone's.
 */
import type { Actor } from '../store/activity.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { findSlots, type FoundSlots, type SlotsQuery } from '../booking/find-slots.js';
import { visibleMember } from './member-access.js';

export async function memberSlots(deps: BookingDeps, query: Omit<SlotsQuery, 'hostedBy'> & { member: string; actor: Actor }): Promise<FoundSlots> {
  const { member, actor, ...slots } = query;
  await visibleMember(deps, actor, member);
  return findSlots(deps, { ...slots, hostedBy: member });
}
