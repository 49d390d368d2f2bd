/**
 * Weighted round robin through the HTTP API, on both stores: weights, autocorrect, a member who
 * joins mid-period (calibration from `pool_members`), and the monthly reset in the pool's zone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { importConfig } from '../../../server/store/config-repository.js';
import { loadEngineState } from '../../../server/store/engine-state.js';
import { configSchema } from '../../../server/config/schema.js';
import { alwaysFreeMember, bookingBody, quickEvent } from '../../../harness/team-config.js';
import { backends, disposeStores } from '../support/backends.js';
import { NOW, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

type Pools = NonNullable<ConfigInput['pools']>;

function config(pools: Pools, members = ['ana', 'bo', 'cy']): ConfigInput {
  return {
    members: members.map(alwaysFreeMember),
    eventTypes: [quickEvent('demo', { horizonDays: 60 })],
    pools,
    pages: pools.map((p) => ({ slug: p.id, title: p.id, entries: [{ event: 'demo', host: { pool: p.id } }] })),
  };
}

type App = ReturnType<typeof testApp>['app'];

/** Books the first slot the page shows on `day`, with a fresh guest; answers the booking. */
async function bookFirst(app: App, page: string, day: string, who: string) {
  const slots = await app.request(`/api/v1/pages/${page}/slots?from=${day}&to=${day}&timezone=UTC`);
  expect(slots.status).toBe(200);
  const [first] = ((await slots.json()) as { slots: { start: string }[] }).slots;
  expect(first, `a slot on ${day}`).toBeDefined();
  const made = await postJson(app, `/api/v1/pages/${page}/bookings`, bookingBody('demo', Date.parse(first.start), who));
  expect(made.status).toBe(201);
  return (await made.json()) as { id: string; manageUrl: string; hosts: { name: string }[] };
}

const hostOf = (b: { hosts: { name: string }[] }) => b.hosts[0].name.replace('Member ', '');

describe.each(backends.map((b) => [b.name, b] as const))('weighted round robin on %s', (_name, backend) => {
  it('gives a member of weight 2 two meetings for every one of a member of weight 1, and gives back a cancelled one', async () => {
    const store = await backend.open();
    await seed(store, config([{ id: 'sales', method: 'round_robin', members: [{ member: 'ana', weight: 2 }, { member: 'bo', weight: 1 }] }]));
    const { app, clock } = testApp(store);
    const hosts: string[] = [];
    const made = [];
    for (let n = 0; n < 6; n++) {
      clock.now = NOW + n * 60_000;
      const b = await bookFirst(app, 'sales', '2026-12-03', `g${n}`);
      made.push(b);
      hosts.push(hostOf(b));
    }
    expect(hosts.filter((h) => h === 'ana')).toHaveLength(4);
    expect(hosts.filter((h) => h === 'bo')).toHaveLength(2);
    // Bo's booking cancelled: autocorrect takes the credit back, and the next one is his.
    const bos = made.find((b) => hostOf(b) === 'bo')!;
    expect((await postJson(app, `/api/v1/bookings/${bos.id}/cancel`, { token: tokenOf(bos) })).status).toBe(200);
    clock.now = NOW + 10 * 60_000;
    expect(hostOf(await bookFirst(app, 'sales', '2026-12-04', 'after-cancel'))).toBe('bo');
  });

  it('shares a weighted pooled pool’s bookings by weight among the members free at the chosen time', async () => {
    const store = await backend.open();
    await seed(store, config([{ id: 'support', method: 'pooled', members: [{ member: 'ana', weight: 1 }, { member: 'bo', weight: 3 }] }]));
    const { app, clock } = testApp(store);
    const hosts: string[] = [];
    for (let n = 0; n < 8; n++) {
      clock.now = NOW + n * 60_000;
      // A fresh hour each time, where both are free: pooled chooses among those free then.
      const made = await postJson(app, '/api/v1/pages/support/bookings', bookingBody('demo', Date.parse(`2026-12-03T${10 + n}:00:00Z`), `s${n}`));
      expect(made.status).toBe(201);
      hosts.push(hostOf((await made.json()) as { hosts: { name: string }[] }));
    }
    expect(hosts.filter((h) => h === 'bo')).toHaveLength(6);
  });

  it('calibrates a member who joins mid-period with the pool’s average weighted share instead of giving them every meeting', async () => {
    const store = await backend.open();
    await seed(store, config([{ id: 'sales', method: 'round_robin', members: [{ member: 'ana' }, { member: 'bo' }] }]));
    const { app, clock } = testApp(store);
    for (let n = 0; n < 6; n++) {
      clock.now = NOW + n * 60_000;
      await bookFirst(app, 'sales', '2026-12-03', `g${n}`);
    }
    // Cy joins a day later: three each before him, so he starts credited with three.
    clock.now = NOW + 86_400_000;
    await importConfig(store.db, configSchema.parse(config([{ id: 'sales', method: 'round_robin', members: [{ member: 'ana' }, { member: 'bo' }, { member: 'cy' }] }])), clock.now);
    const next: string[] = [];
    for (let n = 0; n < 6; n++) {
      clock.now += 60_000;
      next.push(hostOf(await bookFirst(app, 'sales', '2026-12-05', `j${n}`)));
    }
    // Uncalibrated he would take the first three in a row; calibrated, everyone takes two.
    expect(next.slice(0, 3).sort()).toEqual(['ana', 'bo', 'cy']);
    expect(next.filter((h) => h === 'cy')).toHaveLength(2);
  });

  it('forgets a member who leaves a pool, so that coming back is joining anew', async () => {
    const store = await backend.open();
    const pools = (ids: string[]): Pools => [{ id: 'sales', method: 'round_robin', members: ids.map((member) => ({ member })) }];
    await seed(store, config(pools(['ana', 'bo', 'cy'])));
    const joinedAt = async () => (await store.db.selectFrom('pool_members').select(['member_id', 'joined_at']).where('pool', '=', 'sales').orderBy('member_id').execute()).map((r) => [r.member_id, Date.parse(r.joined_at)]);
    expect(await joinedAt()).toEqual([['ana', NOW], ['bo', NOW], ['cy', NOW]]);
    await importConfig(store.db, configSchema.parse(config(pools(['ana', 'bo']))), NOW + 1000);
    await importConfig(store.db, configSchema.parse(config(pools(['ana', 'bo', 'cy']))), NOW + 2000);
    expect(await joinedAt()).toEqual([['ana', NOW], ['bo', NOW], ['cy', NOW + 2000]]);
  });

  it('calibrates only members who joined after the pool’s first ones', async () => {
    const store = await backend.open();
    const pool = (ids: string[]) => ({ id: 'sales', method: 'round_robin' as const, members: ids.map((member) => ({ member })) });
    await seed(store, config([pool(['ana', 'bo'])]));
    const joinedIn = async (at: number) => {
      const parsed = configSchema.parse(config([pool(['ana', 'bo', 'cy'])]));
      const state = await loadEngineState(store.db, { members: [], pools: parsed.pools, from: at, to: at + 60_000, now: at });
      return state.joined;
    };
    // Ana and Bo joined with the pool, inside its period: nobody to catch up with.
    expect(await joinedIn(NOW + 5000)).toEqual({});
    await importConfig(store.db, configSchema.parse(config([pool(['ana', 'bo', 'cy'])])), NOW + 2000);
    expect(await joinedIn(NOW + 5000)).toEqual({ sales: { cy: NOW + 2000 } });
  });

  it('starts a monthly period at midnight on the first in the pool’s zone', async () => {
    const store = await backend.open();
    const members = [{ member: 'ana' }, { member: 'bo' }];
    await seed(
      store,
      config([
        { id: 'paris', method: 'round_robin', members, resetPeriod: 'monthly', timezone: 'Europe/Paris' },
        { id: 'utc', method: 'round_robin', members, resetPeriod: 'monthly' },
      ]),
    );
    const { app, clock } = testApp(store);
    // November (both zones): ana, bo, ana — so bo is behind.
    for (const page of ['paris', 'utc']) {
      for (let n = 0; n < 3; n++) {
        clock.now = Date.parse('2026-11-30T20:00:00Z') + n * 60_000;
        await bookFirst(app, page, '2026-12-03', `${page}${n}`);
      }
    }
    // 23:30 UTC on 30 November is 00:30 on 1 December in Paris: the Paris pool starts afresh (ana
    // first by id), the UTC pool still counts November (bo is behind).
    clock.now = Date.parse('2026-11-30T23:30:00Z');
    expect(hostOf(await bookFirst(app, 'paris', '2026-12-04', 'p-dec'))).toBe('ana');
    expect(hostOf(await bookFirst(app, 'utc', '2026-12-04', 'u-dec'))).toBe('bo');
  });
});
