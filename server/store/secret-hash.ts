/**
 * Secrets Kairos hands out (admin key, member keys, manage tokens, idempotency keys) are stored
 * only as their SHA-256, so a copy of the database cannot act as anyone. Presented secrets are
 * compared in constant time, so a stored hash cannot be probed byte by byte.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The stored form of a secret: its SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether `secret` is the one `storedHash` was made from, in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
