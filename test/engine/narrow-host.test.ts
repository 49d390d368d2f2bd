import { describe, expect, it } from 'vitest';
import type { Host, Pool } from '../../server/config/schema.js';
import { assign, narrowHost, type Team } from '../../server/engine/index.js';
import { assignment, at, event, member, pool, state } from './factories.js';

const NOW = at('2026-12-01T00:00:00Z');
const MONDAY_TEN = at('2026-12-07T10:00:00Z');

/** Pool `sales` (round robin: Ana, Bo) and pool `se` (pooled: Eve, Fay); Lead stands alone. */
function team(): Team {
  const pools: Pool[] = [pool('sales', 'round_robin', ['ana', 'bo']), pool('se', 'pooled', ['eve', 'fay'])];
  return { members: new Map(), pools: new Map(pools.map((p) => [p.id, p])) };
}

/** Who takes a booking of `host` at Monday 10:00 once the team is narrowed to `who`; Ana is next in line in `sales`, Eve in `se`. */
function placesFor(host: Host, who: string) {
  const narrowed = narrowHost(team(), host, who);
  if (!narrowed) return undefined;
  const s = state(['ana', 'bo', 'eve', 'fay', 'lead'].map((id) => member(id)), {
    pools: Object.fromEntries([...narrowed.pools.values()].map((p) => [p.id, p])),
    history: [assignment('fay', '2026-11-20T00:00:00Z', 'held', 'se')],
  });
  return assign(host, event(), MONDAY_TEN, s, NOW);
}

describe('narrowing a host to the member who takes the booking', () => {
  it('keeps a member host that is them, and refuses one that is someone else', () => {
    expect(placesFor({ member: 'lead' }, 'lead')).toEqual({ ok: true, places: [{ member: 'lead' }] });
    expect(narrowHost(team(), { member: 'lead' }, 'ana')).toBeUndefined();
  });

  it('gives a pool’s booking to them, as the pool’s, though the pool’s order puts someone else first', () => {
    expect(placesFor({ pool: 'sales' }, 'ana')).toEqual({ ok: true, places: [{ member: 'ana', pool: 'sales' }] });
    expect(placesFor({ pool: 'sales' }, 'bo')).toEqual({ ok: true, places: [{ member: 'bo', pool: 'sales' }] });
    expect(narrowHost(team(), { pool: 'sales' }, 'eve')).toBeUndefined();
  });

  it('leaves the rest of the team as it was', () => {
    const before = team();
    const narrowed = narrowHost(before, { pool: 'sales' }, 'bo')!;
    expect(narrowed.pools.get('sales')!.members).toEqual([{ member: 'bo', priority: 0 }]);
    expect(narrowed.pools.get('se')).toBe(before.pools.get('se'));
    expect(before.pools.get('sales')!.members.map((m) => m.member)).toEqual(['ana', 'bo']);
  });

  it('puts them in their pool’s place on a panel, and chooses the other places as usual', () => {
    const panel: Host = { panel: [{ member: 'lead' }, { pool: 'se' }, { pool: 'sales' }] };
    // `se` would pick Eve (Fay was given one lately); Fay takes its place, `sales` still picks Ana.
    expect(placesFor(panel, 'fay')).toEqual({
      ok: true,
      places: [{ member: 'lead' }, { member: 'fay', pool: 'se' }, { member: 'ana', pool: 'sales' }],
    });
    expect(placesFor(panel, 'lead')).toEqual({
      ok: true,
      places: [{ member: 'lead' }, { member: 'eve', pool: 'se' }, { member: 'ana', pool: 'sales' }],
    });
    expect(narrowHost(team(), { panel: [{ member: 'lead' }, { pool: 'se' }] }, 'ana')).toBeUndefined();
  });
});
