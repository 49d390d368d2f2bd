import { describe, expect, it } from 'vitest';
import type { Host } from '../../server/config/schema.js';
import { assign, hostSlots, type EngineState } from '../../server/engine/index.js';
import { DAY, assignment, at, booking, event, iso, member, pool, state } from './factories.js';

const MONDAY = at('2026-12-07T00:00:00Z');
const NOW = at('2026-12-01T00:00:00Z');
const ev = event({ durationMinutes: 60 });

/** Lead works 09:00–13:00; engineers Eve (10:00–12:00) and Fay (11:00–13:00) form pool `se`. */
function office(): EngineState {
  return state(
    [
      member('lead', { weekly: { mon: [['09:00', '13:00']] } }),
      member('eve', { weekly: { mon: [['10:00', '12:00']] } }),
      member('fay', { weekly: { mon: [['11:00', '13:00']] } }),
      member('gus', { weekly: { mon: [['09:00', '13:00']] } }),
    ],
    { pools: { se: pool('se', 'pooled', ['eve', 'fay']), all: pool('all', 'pooled', ['eve', 'fay', 'gus']) } },
  );
}

function times(s: EngineState, host: Host): string[] {
  return hostSlots({ host, event: ev, state: s, from: MONDAY, to: MONDAY + DAY, now: NOW }).map((x) => iso(x.start).slice(11, 16));
}

describe('panel', () => {
  it('offers only the times every listed member is free', () => {
    expect(times(office(), { panel: [{ member: 'lead' }, { member: 'eve' }] })).toEqual(['10:00', '11:00']);
  });

  it('needs one free member of each listed pool at once', () => {
    // Eve's grid: 10:00, 11:00; Fay's: 11:00, 12:00 — the pool offers their union.
    expect(times(office(), { panel: [{ member: 'lead' }, { pool: 'se' }] })).toEqual(['10:00', '11:00', '12:00']);
  });

  it('does not let one member fill two places', () => {
    const s = office();
    s.members.fay = member('fay', { weekly: {} });
    // Only Eve is in `se`, and she is already on the panel by name.
    expect(times(s, { panel: [{ member: 'eve' }, { pool: 'se' }] })).toEqual([]);
    // Two pools sharing Eve and Fay need two different people: only 11:00 has both.
    const t = office();
    expect(times(t, { panel: [{ pool: 'se' }, { pool: 'se' }] })).toEqual(['11:00']);
  });

  it('lets a busy panel member remove the time for the whole panel', () => {
    const s = office();
    s.bookings = [booking('2026-12-07T11:00:00Z', ['lead'], { eventType: 'call' })];
    expect(times(s, { panel: [{ member: 'lead' }, { pool: 'se' }] })).toEqual(['10:00', '12:00']);
  });

  it('assigns every listed member and each pool’s choice by its own method', () => {
    const s = office();
    s.history = [assignment('eve', '2026-11-05T00:00:00Z', 'held', 'se')];
    const result = assign({ panel: [{ member: 'lead' }, { pool: 'se' }] }, ev, at('2026-12-07T11:00:00Z'), s, NOW);
    expect(result).toEqual({ ok: true, places: [{ member: 'lead' }, { member: 'fay', pool: 'se' }] });
  });

  it('picks pool members so that every pool can still be filled', () => {
    const s = office();
    s.members.fay = member('fay', { weekly: {} });
    // `all` prefers Eve (never assigned, first by id), but then `se` would have nobody: `all` takes Gus.
    const result = assign({ panel: [{ pool: 'all' }, { pool: 'se' }] }, ev, at('2026-12-07T10:00:00Z'), s, NOW);
    expect(result).toEqual({ ok: true, places: [{ member: 'gus', pool: 'all' }, { member: 'eve', pool: 'se' }] });
  });

  it('refuses when a listed member cannot take the time', () => {
    const result = assign({ panel: [{ member: 'lead' }, { member: 'eve' }] }, ev, at('2026-12-07T09:00:00Z'), office(), NOW);
    expect(result).toMatchObject({ ok: false, reason: 'slot_unavailable' });
  });

  it('refuses when a pool has no free member left for its place', () => {
    const result = assign({ panel: [{ member: 'lead' }, { pool: 'se' }] }, ev, at('2026-12-07T09:00:00Z'), office(), NOW);
    expect(result).toMatchObject({ ok: false, reason: 'no_member_free' });
  });

  it('offers nothing when the panel names an unknown member or pool', () => {
    expect(times(office(), { panel: [{ member: 'lead' }, { member: 'ghost' }] })).toEqual([]);
    expect(times(office(), { panel: [{ member: 'lead' }, { pool: 'nope' }] })).toEqual([]);
  });
});
