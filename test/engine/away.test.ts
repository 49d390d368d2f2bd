/** Days away (server/engine/away.ts): busy all day, handed over on the member's page, skipped by pools. */
import { describe, expect, it } from 'vitest';
import { assign, hostSlots, memberCanTake, periodStart, type EngineState } from '../../server/engine/index.js';
import { DAY, at, event, everyDay, iso, pool, state } from './factories.js';

const ev = event();
const from = at('2026-12-07T00:00:00Z');
const to = from + 7 * DAY;
const now = at('2026-12-01T00:00:00Z');

function team(over: Partial<EngineState> = {}): EngineState {
  return state(
    [
      everyDay('ana', 'Europe/Paris', ['09:00', '10:00']),
      everyDay('bo', 'Europe/Paris', ['14:00', '15:00']),
      everyDay('cy', 'Europe/Paris', ['16:00', '17:00']),
    ],
    over,
  );
}

const days = (slots: { start: number }[]) => [...new Set(slots.map((s) => iso(s.start).slice(0, 10)))];

describe('days away', () => {
  it('offers no slot on the days away, from local midnight to local midnight', () => {
    const s = team();
    s.members.ana.away = [{ from: '2026-12-08', to: '2026-12-09' }];
    const slots = hostSlots({ host: { member: 'ana' }, event: ev, state: s, from, to, now });
    expect(days(slots)).toEqual(['2026-12-07', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    // The last day away is away too: a later rule (a series) sees it as busy.
    expect(memberCanTake('ana', ev, at('2026-12-09T08:00:00Z'), s, now)).toBe(false);
    expect(memberCanTake('ana', ev, at('2026-12-10T08:00:00Z'), s, now)).toBe(true);
  });

  it('offers the colleague’s times on the member’s page for those days, naming them, and books the colleague', () => {
    const s = team();
    s.members.ana.away = [{ from: '2026-12-08', to: '2026-12-08', handOverTo: 'bo' }];
    const slots = hostSlots({ host: { member: 'ana' }, event: ev, state: s, from, to, now });
    const onDayAway = slots.filter((x) => iso(x.start).startsWith('2026-12-08'));
    expect(onDayAway.map((x) => [iso(x.start), x.host])).toEqual([
      ['2026-12-08T13:00:00Z', 'bo'],
      ['2026-12-08T13:30:00Z', 'bo'],
    ]);
    expect(slots.filter((x) => !iso(x.start).startsWith('2026-12-08')).every((x) => x.host === undefined)).toBe(true);
    expect(assign({ member: 'ana' }, ev, at('2026-12-08T13:00:00Z'), s, now)).toEqual({ ok: true, places: [{ member: 'bo' }] });
    expect(assign({ member: 'ana' }, ev, at('2026-12-08T08:00:00Z'), s, now).ok).toBe(false);
    expect(assign({ member: 'ana' }, ev, at('2026-12-09T08:00:00Z'), s, now)).toEqual({ ok: true, places: [{ member: 'ana' }] });
  });

  it('hands over nothing to a colleague the state does not know', () => {
    const s = team();
    s.members.ana.away = [{ from: '2026-12-08', to: '2026-12-08', handOverTo: 'nobody' }];
    const slots = hostSlots({ host: { member: 'ana' }, event: ev, state: s, from, to, now });
    expect(days(slots)).not.toContain('2026-12-08');
  });

  it('is skipped by a pooled pool on those days', () => {
    const s = team({ pools: { team: pool('team', 'pooled', ['ana', 'bo']) } });
    s.members.ana.away = [{ from: '2026-12-08', to: '2026-12-08' }];
    const slots = hostSlots({ host: { pool: 'team' }, event: ev, state: s, from: at('2026-12-08T00:00:00Z'), to: at('2026-12-09T00:00:00Z'), now });
    expect(slots.map((x) => iso(x.start))).toEqual(['2026-12-08T13:00:00Z', '2026-12-08T13:30:00Z']);
  });

  it('lets the next in line stand in for round robin on the days next-in-line is away, and only then', () => {
    const s = team({ pools: { team: pool('team', 'round_robin', ['ana', 'bo', 'cy']) } });
    s.members.ana.away = [{ from: '2026-12-08', to: '2026-12-08' }];
    s.members.bo.away = [{ from: '2026-12-08', to: '2026-12-08' }];
    const slots = hostSlots({ host: { pool: 'team' }, event: ev, state: s, from: at('2026-12-07T00:00:00Z'), to: at('2026-12-10T00:00:00Z'), now });
    // ana is next in line; on the 8th ana and bo are away, so cy stands in.
    expect(slots.map((x) => iso(x.start))).toEqual([
      '2026-12-07T08:00:00Z',
      '2026-12-07T08:30:00Z',
      '2026-12-08T15:00:00Z',
      '2026-12-08T15:30:00Z',
      '2026-12-09T08:00:00Z',
      '2026-12-09T08:30:00Z',
    ]);
    expect(assign({ pool: 'team' }, ev, at('2026-12-08T15:00:00Z'), s, now)).toEqual({ ok: true, places: [{ member: 'cy', pool: 'team' }] });
  });

  it('crosses a DST change in the member’s zone without losing or adding an hour', () => {
    const s = state([everyDay('ana', 'Europe/Paris', ['00:30', '01:00'], ['23:00', '23:30'])]);
    s.members.ana.away = [{ from: '2026-10-25', to: '2026-10-25' }];
    const slots = hostSlots({ host: { member: 'ana' }, event: ev, state: s, from: at('2026-10-24T00:00:00Z'), to: at('2026-10-27T00:00:00Z'), now: at('2026-10-01T00:00:00Z') });
    // 25 October in Paris runs from 22:00Z on the 24th (UTC+2) to 23:00Z on the 25th (UTC+1).
    // The 24th's 23:00 (UTC+2) and the 26th's 00:30 (UTC+1) are the nearest slots either side.
    expect(slots.map((x) => iso(x.start))).toEqual(['2026-10-24T21:00:00Z', '2026-10-25T23:30:00Z', '2026-10-26T22:00:00Z', '2026-10-26T23:30:00Z']);
  });
});

describe('period start', () => {
  it('is the first of the month at midnight in the pool’s zone for a monthly pool', () => {
    expect(iso(periodStart({ resetPeriod: 'monthly', timezone: 'Europe/Paris' }, at('2026-12-15T12:00:00Z')))).toBe('2026-11-30T23:00:00Z');
    // Still 30 November in New York.
    expect(iso(periodStart({ resetPeriod: 'monthly', timezone: 'America/New_York' }, at('2026-12-01T03:00:00Z')))).toBe('2026-11-01T04:00:00Z');
    expect(iso(periodStart({ resetPeriod: 'monthly' }, at('2026-12-01T00:00:00Z')))).toBe('2026-12-01T00:00:00Z');
  });

  it('is a year back for a pool that never resets', () => {
    expect(iso(periodStart({}, at('2026-12-15T00:00:00Z')))).toBe('2025-12-15T00:00:00Z');
  });
});
