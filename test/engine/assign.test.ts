import { describe, expect, it } from 'vitest';
import { assign, memberCanTake } from '../../server/engine/index.js';
import { at, booking, event, member, state } from './factories.js';

const NOW = at('2026-12-01T00:00:00Z');
const ana = () => state([member('ana', { weekly: { mon: [['09:00', '11:00']] } })]);

describe('assign to a member', () => {
  it('gives a valid slot to the member', () => {
    expect(assign({ member: 'ana' }, event(), at('2026-12-07T09:30:00Z'), ana(), NOW)).toEqual({ ok: true, places: [{ member: 'ana' }] });
  });

  it('refuses a start that is not on the member’s grid', () => {
    expect(assign({ member: 'ana' }, event(), at('2026-12-07T09:10:00Z'), ana(), NOW)).toMatchObject({ ok: false, reason: 'slot_unavailable' });
  });

  it('refuses a start taken since the slots were shown', () => {
    const s = ana();
    s.bookings = [booking('2026-12-07T09:30:00Z', ['ana'])];
    expect(assign({ member: 'ana' }, event(), at('2026-12-07T09:30:00Z'), s, NOW)).toMatchObject({ ok: false, reason: 'slot_unavailable' });
  });

  it('refuses a start inside the minimum notice or past the horizon', () => {
    const start = at('2026-12-07T09:30:00Z');
    expect(assign({ member: 'ana' }, event({ minNoticeMinutes: 60 }), start, ana(), start - 30 * 60_000)).toMatchObject({ ok: false });
    expect(assign({ member: 'ana' }, event({ horizonDays: 3 }), start, ana(), NOW)).toMatchObject({ ok: false, reason: 'slot_unavailable' });
  });

  it('lets a visitor join a group session until its seats run out', () => {
    const s = ana();
    const group = event({ seats: 2 });
    const start = at('2026-12-07T09:30:00Z');
    s.bookings = [booking('2026-12-07T09:30:00Z', ['ana'])];
    expect(assign({ member: 'ana' }, group, start, s, NOW)).toMatchObject({ ok: true });
    s.bookings.push(booking('2026-12-07T09:30:00Z', ['ana']));
    expect(assign({ member: 'ana' }, group, start, s, NOW)).toMatchObject({ ok: false });
  });

  it('refuses a pool the state does not know', () => {
    expect(assign({ pool: 'nope' }, event(), at('2026-12-07T09:30:00Z'), ana(), NOW)).toMatchObject({ ok: false, reason: 'slot_unavailable' });
  });
});

describe('memberCanTake', () => {
  it('accepts any free start inside availability, on the grid or not', () => {
    expect(memberCanTake('ana', event(), at('2026-12-07T09:10:00Z'), ana(), NOW)).toBe(true);
  });

  it('rejects a start whose meeting runs past availability', () => {
    expect(memberCanTake('ana', event(), at('2026-12-07T10:40:00Z'), ana(), NOW)).toBe(false);
  });

  it('rejects a start that overlaps busy time or its buffers', () => {
    const s = ana();
    s.bookings = [booking('2026-12-07T10:00:00Z', ['ana'], { eventType: 'call' })];
    expect(memberCanTake('ana', event(), at('2026-12-07T09:40:00Z'), s, NOW)).toBe(false);
    expect(memberCanTake('ana', event({ bufferAfterMinutes: 10 }), at('2026-12-07T09:25:00Z'), s, NOW)).toBe(false);
    expect(memberCanTake('ana', event({ bufferAfterMinutes: 10 }), at('2026-12-07T09:20:00Z'), s, NOW)).toBe(true);
  });

  it('rejects a member at the daily cap', () => {
    const s = ana();
    s.bookings = [booking('2026-12-07T10:30:00Z', ['ana'])];
    expect(memberCanTake('ana', event({ maxPerDay: 1 }), at('2026-12-07T09:00:00Z'), s, NOW)).toBe(false);
    expect(memberCanTake('ana', event({ maxPerDay: 2 }), at('2026-12-07T09:00:00Z'), s, NOW)).toBe(true);
  });

  it('rejects a member the state does not know', () => {
    expect(memberCanTake('ghost', event(), at('2026-12-07T09:00:00Z'), ana(), NOW)).toBe(false);
  });
});
