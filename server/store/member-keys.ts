/**
 * Member keys: what a team member presents to the admin API to manage their own bookings. One
 * key per member; only its SHA-256 is stored, so the key is shown once, when it is issued, and a
 * copy of the database cannot act as anyone. Issuing a new key replaces (revokes) the old one.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getMember } from './config-repository.js';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';
import { hashSecret } from './secret-hash.js';

/** Every member key starts so, which tells it from the admin key without a lookup. */
export const MEMBER_KEY_PREFIX = 'kmk_';

/** A new key for `member` (256 random bits), replacing any previous one; `undefined` for an unknown member. */
export async function issueMemberKey(db: Kysely<Database>, member: string, now: number): Promise<string | undefined> {
  if (!(await getMember(db, member))) return undefined;
  const key = `${MEMBER_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = { key_hash: hashSecret(key), created_at: toStored(now) };
  await db
    .insertInto('member_keys')
    .values({ member_id: member, ...row })
    .onConflict((oc) => oc.column('member_id').doUpdateSet(row))
    .execute();
  return key;
}

/** Removes `member`'s key, if any; `false` for an unknown member. */
export async function revokeMemberKey(db: Kysely<Database>, member: string): Promise<boolean> {
  if (!(await getMember(db, member))) return false;
  await db.deleteFrom('member_keys').where('member_id', '=', member).execute();
  return true;
}

/**
 * The member a key belongs to. Looked up by its hash: an index lookup is not constant-time, but
 * timing it can only reveal how much of a SHA-256 of a 256-bit random key was guessed, which
 * brings nobody closer to a key that hashes to it.
 */
export async function memberForKey(db: Kysely<Database>, key: string): Promise<string | undefined> {
  if (!key.startsWith(MEMBER_KEY_PREFIX)) return undefined;
  const row = await db.selectFrom('member_keys').select('member_id').where('key_hash', '=', hashSecret(key)).executeTakeFirst();
  return row?.member_id;
}
