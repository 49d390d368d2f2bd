/**
 * The admin key: `KAIROS_ADMIN_KEY` when set, otherwise generated on first start, printed once
 * and kept only as its SHA-256 in `settings`. Requests present it as `Authorization: Bearer`;
 * hashes are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../store/database.js';
import { readSetting, settleSetting } from '../store/settings.js';
import { HttpError } from './http-error.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface AdminKey {
  hash: string;
  /** Set only on the start that generated the key: the one time it can be shown. */
  generated?: string;
}

export async function settleAdminKey(db: Kysely<Database>, fromEnv: string | undefined): Promise<AdminKey> {
  if (fromEnv) return { hash: sha256(fromEnv) };
  const stored = await readSetting(db, 'admin_key_hash');
  if (stored) return { hash: stored };
  const key = `kairos_${randomBytes(24).toString('base64url')}`;
  const winner = await settleSetting(db, 'admin_key_hash', sha256(key));
  // Another process may have generated one at the same moment; then its key is the key.
  return winner === sha256(key) ? { hash: winner, generated: key } : { hash: winner };
}

export function adminAuth(hash: string): MiddlewareHandler {
  const expected = Buffer.from(hash, 'hex');
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const presented = match ? Buffer.from(sha256(match[1]!), 'hex') : Buffer.alloc(0);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized', 'an admin key is required (Authorization: Bearer <key>)');
    }
    return next();
  };
}
