/**
 * A link that makes a new admin of whoever uses it: printed at the first start (no admin yet) and
 * by `npm run admin-link`, on the console of whoever runs the server, so holding it is the proof.
 */
import { hasAdmins } from '../store/admins.js';
import { newSignInLink, type TeamDeps } from './sign-in-link.js';

export function newAdminLink(deps: TeamDeps, now: number): Promise<string> {
  return newSignInLink(deps.store.db, deps.publicUrl, null, now);
}

/** A new-admin link while the team has no admin yet; `undefined` once it has one. */
export async function firstAdminLink(deps: TeamDeps, now: number): Promise<string | undefined> {
  return (await hasAdmins(deps.store.db)) ? undefined : newAdminLink(deps, now);
}
