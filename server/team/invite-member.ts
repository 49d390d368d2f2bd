/** An admin invites a member to the team console: the member gets a sign-in link by email. */
import { Refusal } from '../booking/refusal.js';
import { personOf } from './person.js';
import { emailSignInLink, type TeamDeps } from './sign-in-link.js';

export async function inviteMember(deps: TeamDeps, request: { member: string; now: number }): Promise<void> {
  const person = await personOf(deps.store.db, `member:${request.member}`);
  if (!person?.email) throw new Refusal('not_found', 'no such member');
  await emailSignInLink(deps, { ...person, email: person.email }, true, request.now);
}
