/**
 * The admin key: `KAIROS_ADMIN_KEY` when set, otherwise generated on first start, printed once
 * and kept only as its SHA-256 in `settings`. Requests present it as `Authorization: Bearer`;
 * hashes are compared in constant time. The same header takes a member key
 * (`store/member-keys.ts`), which acts as that member on the routes that allow it, and the
 * session cookie of a person signed in with an emailed link (`team/sign-in.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MiddlewareHandler } from 'hono';
import { memberActor, type Actor } from '../store/activity.js';
import type { Database } from '../store/database.js';
import { memberForKey } from '../store/member-keys.js';
import { hashSecret, secretMatches } from '../store/secret-hash.js';
import { readSetting, settleSetting } from '../store/settings.js';
import { Refusal } from '../booking/refusal.js';
import { csrfHolds, currentSession } from '../team/current-session.js';
import { actorOf } from '../team/person.js';
import type { ApiDeps } from './api-deps.js';
import { sessionCookie } from './session-cookie.js';


export interface AdminKey {
  hash: string;
  /** Set only on the start that generated the key: the one time it can be shown. */
  generated?: string;
}

export async function settleAdminKey(db: Kysely<Database>, fromEnv: string | undefined): Promise<AdminKey> {
  if (fromEnv) return { hash: hashSecret(fromEnv) };
  const stored = await readSetting(db, 'admin_key_hash');
  if (stored) return { hash: stored };
  const key = `kairos_${randomBytes(24).toString('base64url')}`;
  const winner = await settleSetting(db, 'admin_key_hash', hashSecret(key));
  // Another process may have generated one at the same moment; then its key is the key.
  return winner === hashSecret(key) ? { hash: winner, generated: key } : { hash: winner };
}

/** What the admin routes know of a request once its key is accepted: who acts. */
export interface KeyEnv {
  Variables: { actor: Actor };
}

/**
 * Accepts the admin key (actor `admin`), a member key (actor `member:<id>`), or a signed-in
 * session's cookie (`session-cookie.ts`), which acts as its person's role does; anything else is
 * 401. With the cookie, a write must also carry the session's CSRF token: a browser sends the
 * cookie along with a form another site posts, but only a page of ours can read the token.
 */
export function adminAuth(deps: Pick<ApiDeps, 'adminKeyHash' | 'store' | 'publicUrl' | 'now'>): MiddlewareHandler<KeyEnv> {
  return async (c, next) => {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (key && secretMatches(key, deps.adminKeyHash)) {
      c.set('actor', 'admin');
      return next();
    }
    const member = key ? await memberForKey(deps.store.db, key) : undefined;
    if (member !== undefined) {
      c.set('actor', memberActor(member));
      return next();
    }
    const sessionId = key ? undefined : sessionCookie(c);
    const current = sessionId ? await currentSession(deps, { sessionId, now: deps.now() }) : undefined;
    if (!current) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new Refusal('unauthorized', 'an admin or member key is required (Authorization: Bearer <key>), or a signed-in session');
    }
    if (!SAFE_METHODS.has(c.req.method) && !csrfHolds(current.session, c.req.header('x-csrf-token'))) {
      throw new Refusal('csrf_failed', 'a write with the session cookie needs the session’s X-CSRF-Token header');
    }
    c.set('actor', actorOf(current.person));
    return next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** For routes a member key may not use: config, stats, links, keys. */
export const adminOnly: MiddlewareHandler<KeyEnv> = async (c, next) => {
  if (c.get('actor') !== 'admin') throw new Refusal('forbidden', 'this route needs the admin key or an admin’s session; a member manages only their own bookings');
  return next();
};
