/**
 * The admin key: `KAIROS_ADMIN_KEY` when set, otherwise generated on first start, printed once
 * and kept only as its SHA-256 in `settings`. Requests present it as `Authorization: Bearer`;
 * hashes are compared in constant time. The same header takes a member key
 * (`store/member-keys.ts`), which acts as that member on the routes that allow it.
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

/** Accepts the admin key (actor `admin`) or a member key (actor `member:<id>`); anything else is 401. */
export function adminAuth(hash: string, db: Kysely<Database>): MiddlewareHandler<KeyEnv> {
  return async (c, next) => {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (key && secretMatches(key, hash)) {
      c.set('actor', 'admin');
      return next();
    }
    const member = key ? await memberForKey(db, key) : undefined;
    if (member === undefined) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new Refusal('unauthorized', 'an admin or member key is required (Authorization: Bearer <key>)');
    }
    c.set('actor', memberActor(member));
    return next();
  };
}

/** For routes a member key may not use: config, stats, links, keys, booking on behalf. */
export const adminOnly: MiddlewareHandler<KeyEnv> = async (c, next) => {
  if (c.get('actor') !== 'admin') throw new Refusal('forbidden', 'this route needs the admin key; a member key manages only its own bookings');
  return next();
};
