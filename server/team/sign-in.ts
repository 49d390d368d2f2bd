/**
 * Uses a sign-in link's token and starts a session. A first-admin link makes its admin here, with
 * the email they give (where their next links go). A token whose person has gone since it was
 * sent (a member removed from the config) signs nobody in.
 */
import { Refusal } from '../booking/refusal.js';
import { addAdmin } from '../store/admins.js';
import { startSession } from '../store/sessions.js';
import { useSignInToken } from '../store/sign-in-tokens.js';
import { personOf, type Person } from './person.js';
import type { TeamDeps } from './sign-in-link.js';

export interface SignedIn {
  person: Person;
  /** For the cookie only: it is stored hashed and never shown again. */
  sessionId: string;
  csrf: string;
}

const refused = () => new Refusal('invalid_token', 'this sign-in link was used already, has expired, or is not one; ask for a new one');

export async function signIn(deps: TeamDeps, request: { token: string; email?: string; now: number }): Promise<SignedIn> {
  const db = deps.store.db;
  const used = await useSignInToken(db, request.token, request.now);
  if (!used) throw refused();
  const person =
    used.person === null
      ? await personOf(db, `admin:${(await addAdmin(db, request.email ?? null, request.now)).id}`)
      : await personOf(db, used.person);
  if (!person) throw refused();
  const session = await startSession(db, person.key, request.now);
  return { person, sessionId: session.id, csrf: session.csrf };
}
