/**
 * Pool stats over the default ranges: a bound left out of the query is no bound, whichever of
 * `from` and `to` is missing.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PoolStats } from '../../../shared/api-schemas.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('pool stats on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app } = testApp(store));
    // Three bookings of the `sales` pool, all assigned at the test clock's now (30 November 2026).
    for (const start of ['2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', '2026-12-02T09:00:00Z']) {
      expect((await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start))).status).toBe(201);
    }
  });

  const assigned = async (query: string) => {
    const response = await admin(app, 'GET', `/api/v1/admin/pools/sales/stats${query}`);
    expect(response.status, query).toBe(200);
    const stats = (await response.json()) as PoolStats;
    return stats.members.reduce((n, m) => n + m.assigned, 0);
  };

  it('counts every assignment when neither from nor to is given', async () => {
    expect(await assigned('')).toBe(3);
  });

  it('counts from the given day onwards when to is left out', async () => {
    expect(await assigned('?from=2026-11-30')).toBe(3);
    expect(await assigned('?from=2026-12-01')).toBe(0);
  });

  it('counts up to the end of the given day when from is left out', async () => {
    expect(await assigned('?to=2026-11-30')).toBe(3);
    expect(await assigned('?to=2026-11-29')).toBe(0);
  });

  it('counts within both bounds, up to the last day a date can name', async () => {
    expect(await assigned('?from=2026-11-30&to=2026-11-30')).toBe(3);
    expect(await assigned('?from=2026-01-01&to=9999-12-31')).toBe(3);
  });

  it('echoes the bounds it was given, and null for the ones left out', async () => {
    const stats = (await (await admin(app, 'GET', '/api/v1/admin/pools/sales/stats?from=2026-11-01')).json()) as PoolStats;
    expect(stats).toMatchObject({ pool: 'sales', from: '2026-11-01', to: null });
  });
});
