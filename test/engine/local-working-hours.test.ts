import { describe, expect, it } from 'vitest';
import { filterLocalWorkingHours, hostSlots, type Slot } from '../../server/engine/index.js';
import { DAY, at, event, everyDay, iso, state } from './factories.js';

const slot = (start: string, minutes = 30): Slot => ({ start: at(start), end: at(start) + minutes * 60_000, seatsLeft: 1 });

describe('local working hours of the visitor', () => {
  it('keeps a team’s slots that fall inside the visitor’s hours in the visitor’s zone', () => {
    // A Paris member available 08:00–20:00; a Tokyo visitor (UTC+9) accepts 08:00–18:00 only.
    const s = state([everyDay('ana', 'Europe/Paris', ['08:00', '20:00'])]);
    const from = at('2026-12-07T00:00:00Z');
    const slots = hostSlots({ host: { member: 'ana' }, event: event({ durationMinutes: 60 }), state: s, from, to: from + DAY, now: from - DAY });
    const kept = filterLocalWorkingHours(slots, { start: '08:00', end: '18:00' }, 'Asia/Tokyo');
    // Paris 08:00 = 07:00 UTC = 16:00 Tokyo: only 07:00–08:00 UTC ends by 18:00 Tokyo.
    expect(kept.map((x) => iso(x.start))).toEqual(['2026-12-07T07:00:00Z', '2026-12-07T08:00:00Z']);
  });

  it('drops a slot that starts inside the hours but ends after them', () => {
    expect(filterLocalWorkingHours([slot('2026-12-07T19:45:00Z')], { start: '08:00', end: '20:00' }, 'UTC')).toEqual([]);
    expect(filterLocalWorkingHours([slot('2026-12-07T19:30:00Z')], { start: '08:00', end: '20:00' }, 'UTC')).toHaveLength(1);
  });

  it('drops a slot that starts before the hours open', () => {
    expect(filterLocalWorkingHours([slot('2026-12-07T07:45:00Z')], { start: '08:00', end: '20:00' }, 'UTC')).toEqual([]);
  });

  it('accepts hours that run past midnight', () => {
    const night = { start: '20:00', end: '02:00' };
    const kept = filterLocalWorkingHours(
      [slot('2026-12-07T19:30:00Z'), slot('2026-12-07T23:45:00Z'), slot('2026-12-08T01:30:00Z'), slot('2026-12-08T01:45:00Z')],
      night,
      'UTC',
    );
    expect(kept.map((x) => iso(x.start))).toEqual(['2026-12-07T23:45:00Z', '2026-12-08T01:30:00Z']);
  });

  it('accepts a slot ending exactly at 24:00', () => {
    expect(filterLocalWorkingHours([slot('2026-12-07T23:30:00Z')], { start: '18:00', end: '24:00' }, 'UTC')).toHaveLength(1);
  });
});
