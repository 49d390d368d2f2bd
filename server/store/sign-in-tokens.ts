/**
 * One-time sign-in tokens, the secret of an emailed sign-in link: 256 random bits, stored only
 * as their SHA-256, good once and for a short while.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';
import { hashSecret } from './secret-hash.js';

/** Who a token signs in: `admin:<id>`, `member:<id>`, or `null` for a first-admin link. */
export type TokenPerson = string | null;

export async function issueSignInToken(db: Kysely<Database>, person: TokenPerson, now: number, lifetimeMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sign_in_tokens')
    .values({ token_hash: hashSecret(token), person, created_at: toStored(now), expires_at: toStored(now + lifetimeMs), used_at: null })
    .execute();
  return token;
}

/** Whom an unused, unexpired token signs in, without using it; `undefined` when it does not hold. */
export async function peekSignInToken(db: Kysely<Database>, token: string, now: number): Promise<{ person: TokenPerson } | undefined> {
  return db
    .selectFrom('sign_in_tokens')
    .select('person')
    .where('token_hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', toStored(now))
    .executeTakeFirst();
}

/**
 * Uses the token: one statement marks it used only if it was unused and unexpired, so of two
 * requests racing with one token exactly one gets its person back.
 */
export async function useSignInToken(db: Kysely<Database>, token: string, now: number): Promise<{ person: TokenPerson } | undefined> {
  return db
    .updateTable('sign_in_tokens')
    .set({ used_at: toStored(now) })
    .where('token_hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', toStored(now))
    .returning('person')
    .executeTakeFirst();
}
