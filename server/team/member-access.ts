/**
 * Which members a person may look at in the console: an admin any, a member only themselves.
 * Anyone else is `not_found`, as a member that does not exist: a member must not learn which
 * other ids there are.
 */
import type { Member } from '../config/schema.js';
import { actingMember, type Actor } from '../store/activity.js';
import { getMember } from '../store/config-repository.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { Refusal } from '../booking/refusal.js';

/** Whether `actor` may see member `id`, whether or not that member exists. */
export function mayActOn(actor: Actor, id: string): boolean {
  return actor === 'admin' || actingMember(actor) === id;
}

export async function visibleMember(deps: Pick<BookingDeps, 'store'>, actor: Actor, id: string): Promise<Member> {
  const member = mayActOn(actor, id) ? await getMember(deps.store.db, id) : undefined;
  if (!member) throw new Refusal('not_found', 'no such member');
  return member;
}
