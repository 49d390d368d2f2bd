/**
 * Manage tokens let a customer see, cancel and reschedule their booking without an account.
 * Only the SHA-256 of a token is stored (`secret-hash.ts`), so a leaked database does not leak
 * the ability to cancel everyone's bookings. A booking's first token is its row's
 * `manage_token_hash`; a manage link sent again carries a new token (`manage_tokens`), and
 * every one of them keeps working.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';
import { hashSecret, secretMatches } from './secret-hash.js';

/** 32 random bytes, base64url (256 bits). */
export function newManageToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A booking made with an idempotency key gets a token derived from that key, so a retried
 * request (whose first response was lost) receives the same working token. Whoever knows the
 * key can replay the request and read the booking anyway, so this grants nothing new. The key
 * itself is never stored (see `hashIdempotencyKey`).
 */
export function keyedManageToken(secret: string, idempotencyKey: string): string {
  return createHmac('sha256', secret).update(`manage:${idempotencyKey}`).digest('base64url');
}

/**
 * What `bookings.idempotency_key` holds: the key's SHA-256 (hex). The server secret sits in the
 * same database, so the plain key there would let a copy of it rebuild every keyed manage token.
 */
export const hashIdempotencyKey = hashSecret;

export const hashManageToken = hashSecret;

export const manageTokenMatches = secretMatches;

/** Gives the booking one more working token, for a manage link sent again; the earlier ones keep working. */
export async function addManageToken(trx: Kysely<Database>, bookingId: string, token: string, now: number): Promise<void> {
  await trx.insertInto('manage_tokens').values({ token_hash: hashManageToken(token), booking_id: bookingId, created_at: toStored(now) }).execute();
}

/**
 * Whether `token` is one of the tokens the booking was given after its first. Looked up by its
 * hash: a 256-bit random token's SHA-256 cannot be probed through the lookup's timing.
 */
export async function isLaterManageToken(db: Kysely<Database>, bookingId: string, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('manage_tokens')
    .select('booking_id')
    .where('token_hash', '=', hashManageToken(token))
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
  return row !== undefined;
}
