/** `isoInstant` writes what `Date#toISOString` writes, less a `.000`, whatever the instant. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoInstant } from '../../../server/api/booking-response.js';

const reference = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('isoInstant', () => {
  it('matches toISOString on slot-like instants, odd milliseconds, and years before 1970 or past 9999', () => {
    const onGrid = fc.integer({ min: 0, max: 400_000 }).map((n) => Date.UTC(2026, 0, 1) + n * 60_000);
    const anyMs = fc.integer({ min: -8.64e15, max: 8.64e15 });
    fc.assert(
      fc.property(fc.oneof(onGrid, anyMs), (ms) => {
        expect(isoInstant(ms)).toBe(reference(ms));
      }),
      { numRuns: 5_000 },
    );
  });

  it('writes the edges of a day and of the plain range', () => {
    for (const ms of [0, 86_399_000, 86_400_000, Date.UTC(9999, 11, 31, 23, 59, 59), Date.UTC(10_000, 0, 1), -1000, 1_500]) {
      expect(isoInstant(ms)).toBe(reference(ms));
    }
    expect(isoInstant(Date.UTC(2026, 11, 1, 9))).toBe('2026-12-01T09:00:00Z');
  });
});
