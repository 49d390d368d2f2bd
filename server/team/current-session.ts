/**
 * The session a request's cookie names, checked at every request: it must exist, have been used
 * within `SESSION_IDLE_LIFETIME`, and its person must still be there (a member removed from the
 * config is signed out at once, everywhere).
 */
import { hashSecret, secretMatches } from '../store/secret-hash.js';
import { endSession, endSessionsOf, findSession, touchSession, type SessionRow } from '../store/sessions.js';
import { personOf, type Person } from './person.js';
import type { TeamDeps } from './sign-in-link.js';

/** A session unused this long ends. */
export const SESSION_IDLE_LIFETIME = 30 * 24 * 60 * 60_000;
/** `last_seen_at` is rewritten at most this often: not one write per request. */
const TOUCH_EVERY = 60_000;

export interface CurrentSession {
  session: SessionRow;
  person: Person;
}

export async function currentSession(deps: TeamDeps, request: { sessionId: string; now: number }): Promise<CurrentSession | undefined> {
  const db = deps.store.db;
  const session = await findSession(db, request.sessionId);
  if (!session) return undefined;
  if (request.now - session.lastSeenAt > SESSION_IDLE_LIFETIME) {
    await endSession(db, session.idHash);
    return undefined;
  }
  const person = await personOf(db, session.person);
  if (!person) {
    await endSessionsOf(db, session.person);
    return undefined;
  }
  if (request.now - session.lastSeenAt >= TOUCH_EVERY) {
    await touchSession(db, session.idHash, request.now);
    session.lastSeenAt = request.now;
  }
  return { session, person };
}

/** Whether `presented` is the session's CSRF token, compared in constant time. */
export const csrfHolds = (session: SessionRow, presented: string | undefined) => secretMatches(presented ?? '', hashSecret(session.csrf));
