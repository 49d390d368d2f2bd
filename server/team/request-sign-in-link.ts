/**
 * Someone asks for a sign-in link by email. Whether the address belongs to anyone is never
 * told: a known one gets an email, an unknown one nothing, and the caller hears the same.
 */
import { personByEmail } from './person.js';
import { emailSignInLink, type TeamDeps } from './sign-in-link.js';

export async function requestSignInLink(deps: TeamDeps, request: { email: string; now: number }): Promise<void> {
  const person = await personByEmail(deps.store.db, request.email);
  if (!person?.email) return;
  await emailSignInLink(deps, { ...person, email: person.email }, false, request.now);
}
