/** The signed-in person's session, and every session they have open (to end the ones they do not know). */
import { sessionsOf } from '../store/sessions.js';
import { currentSession, type CurrentSession } from './current-session.js';
import type { TeamDeps } from './sign-in-link.js';

export interface SessionView extends CurrentSession {
  sessions: { createdAt: number; lastSeenAt: number; current: boolean }[];
}

export async function showSession(deps: TeamDeps, request: { sessionId: string; now: number }): Promise<SessionView | undefined> {
  const current = await currentSession(deps, request);
  if (!current) return undefined;
  const sessions = (await sessionsOf(deps.store.db, current.person.key)).map((s) => ({
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    current: s.idHash === current.session.idHash,
  }));
  return { ...current, sessions };
}
