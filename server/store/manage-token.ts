/**
 * Manage tokens let a customer see, cancel and reschedule their booking without an account.
 * Only the SHA-256 of a token is stored (`secret-hash.ts`), so a leaked database does not leak
 * the ability to cancel everyone's bookings.
 */
import { createHmac, randomBytes } from 'node:crypto';
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
