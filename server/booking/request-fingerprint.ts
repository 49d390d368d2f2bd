/**
 * What makes two booking requests "the same request" for an idempotency key: the page and the
 * body, whatever the order of its fields. A key replays its booking only to a request with the
 * same fingerprint; anyone else who sends the key (another page, another customer) is refused,
 * since the replay hands out the booking's manage token.
 */
import { createHash } from 'node:crypto';
import type { BookingRequest } from '../../shared/api-schemas.js';

/** The value with every object's keys sorted, so that JSON text depends on content alone. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * SHA-256 (hex) of the page and the parsed request without its key, nor its hold: a retry after
 * the visitor went back and held the same time again is still the same request.
 */
export function requestFingerprint(page: string, request: BookingRequest): string {
  // JSON text leaves out undefined keys.
  return createHash('sha256').update(JSON.stringify([page, sortedKeys({ ...request, idempotencyKey: undefined, holdId: undefined })])).digest('hex');
}
