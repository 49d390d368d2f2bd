/**
 * Ends the session a cookie names, or every session of its person (`everywhere`). Asks for the
 * session's CSRF token like any write: another site must not sign anyone out either.
 */
import { Refusal } from '../booking/refusal.js';
import { endSession, endSessionsOf, findSession } from '../store/sessions.js';
import { csrfHolds } from './current-session.js';
import type { TeamDeps } from './sign-in-link.js';

export async function signOut(deps: TeamDeps, request: { sessionId: string; csrf: string; everywhere: boolean }): Promise<void> {
  const db = deps.store.db;
  const session = await findSession(db, request.sessionId);
  if (!session) return;
  if (!csrfHolds(session, request.csrf)) throw new Refusal('csrf_failed', 'signing out needs the session’s X-CSRF-Token header');
  if (request.everywhere) await endSessionsOf(db, session.person);
  else await endSession(db, session.idHash);
}
