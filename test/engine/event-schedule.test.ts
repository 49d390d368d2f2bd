/**
 * Availability per event type: an event type's own weekly schedule replaces the members' weekly
 * hours, still meets their busy time, and the members' date overrides still limit it.
 */
import { describe, expect, it } from 'vitest';
import { hostSlots, type EngineState, type EventRules } from '../../server/engine/index.js';
import { DAY, at, booking, event, iso, member, state } from './factories.js';

const MONDAY = '2026-12-07';
const NOW = at('2026-12-01T00:00:00Z');

function starts(s: EngineState, ev: EventRules, day = MONDAY): string[] {
  const from = at(`${day}T00:00:00Z`);
  return hostSlots({ host: { member: 'ana' }, event: ev, state: s, from, to: from + DAY, now: NOW }).map((x) => iso(x.start).slice(11, 16));
}

// Ana works 09:00–17:00 UTC; virtual meetings are 18:00–20:00 in Paris (17:00–19:00 UTC in December).
const virtual = (over: Partial<EventRules> = {}) =>
  event({ durationMinutes: 60, schedule: { timezone: 'Europe/Paris', weekly: { mon: [['18:00', '20:00']] }, overrides: [] }, ...over });

describe('an event type with its own schedule', () => {
  it('offers its own hours instead of the member’s, in its own zone', () => {
    expect(starts(state([member('ana')]), virtual())).toEqual(['17:00', '18:00']);
  });

  it('still avoids the member’s bookings and busy time', () => {
    const s = state([member('ana', { busy: [{ start: at(`${MONDAY}T18:00:00Z`), end: at(`${MONDAY}T18:30:00Z`) }] })]);
    expect(starts(s, virtual())).toEqual(['17:00']);
    const t = state([member('ana')], { bookings: [booking(`${MONDAY}T17:30:00Z`, ['ana'], { eventType: 'call' })] });
    expect(starts(t, virtual())).toEqual(['18:00']);
  });

  it('lets the member’s day off close it, and their special hours narrow it', () => {
    expect(starts(state([member('ana', { overrides: [{ date: MONDAY, intervals: [] }] })]), virtual())).toEqual([]);
    expect(starts(state([member('ana', { overrides: [{ date: MONDAY, intervals: [['16:00', '18:00']] }] })]), virtual())).toEqual(['17:00']);
  });

  it('keeps its own date overrides', () => {
    const ev = virtual({ schedule: { timezone: 'Europe/Paris', weekly: { mon: [['18:00', '20:00']] }, overrides: [{ date: MONDAY, intervals: [['08:00', '09:00']] }] } });
    expect(starts(state([member('ana')]), ev)).toEqual(['07:00']);
  });

  it('aligns its slots on the member’s clock', () => {
    const ev = event({ schedule: { timezone: 'Europe/Paris', weekly: { mon: [['18:00', '20:00']] }, overrides: [] }, durationMinutes: 60 });
    const kolkata = state([member('ana', { timezone: 'Asia/Kolkata' })]);
    // 17:00 UTC is 22:30 in Kolkata: the hour marks of Ana's clock are :30 past in UTC.
    expect(starts(kolkata, ev)).toEqual(['17:30']);
  });
});
