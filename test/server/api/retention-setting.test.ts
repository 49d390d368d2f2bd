/** `GET|PUT /api/v1/admin/settings/retention`: admins only, whole days from 1 to 3650 or null, kept in the store. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const PATH = '/api/v1/admin/settings/retention';

describe.each(backends.map((b) => [b.name, b] as const))('the retention setting on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];

  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app } = testApp(store));
  });

  it('keeps data until an admin sets a number of days, and again once set back to null', async () => {
    expect(await (await admin(app, 'GET', PATH)).json()).toEqual({ days: null });
    const set = await admin(app, 'PUT', PATH, { days: 365 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ days: 365 });
    // Another app on the same store (another process) reads it.
    expect(await (await admin(testApp(store).app, 'GET', PATH)).json()).toEqual({ days: 365 });
    expect(await (await admin(app, 'PUT', PATH, { days: null })).json()).toEqual({ days: null });
    expect(await (await admin(app, 'GET', PATH)).json()).toEqual({ days: null });
  });

  it('records each change in the activity, by its actor', async () => {
    await admin(app, 'PUT', PATH, { days: 30 });
    await admin(app, 'PUT', PATH, { days: null });
    const entries = await store.db.selectFrom('activity').select(['booking_id', 'actor', 'data']).where('type', '=', 'retention_changed').orderBy('at').orderBy('id').execute();
    // Both at the clock's one instant: in either order.
    expect(entries.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }))).toEqual(
      expect.arrayContaining([
        { booking_id: null, actor: 'admin', data: { days: 30 } },
        { booking_id: null, actor: 'admin', data: { days: null } },
      ]),
    );
    expect(entries).toHaveLength(2);
  });

  it.each([
    ['zero days', { days: 0 }],
    ['more than ten years', { days: 3651 }],
    ['part of a day', { days: 1.5 }],
    ['days as text', { days: '30' }],
    ['no days at all', {}],
  ])('refuses %s with 422 and keeps the setting', async (_what, body) => {
    await admin(app, 'PUT', PATH, { days: 90 });
    const response = await admin(app, 'PUT', PATH, body);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', fields: { days: expect.any(String) } } });
    expect(await (await admin(app, 'GET', PATH)).json()).toEqual({ days: 90 });
  });

  it('accepts the bounds', async () => {
    expect((await admin(app, 'PUT', PATH, { days: 1 })).status).toBe(200);
    expect(await (await admin(app, 'PUT', PATH, { days: 3650 })).json()).toEqual({ days: 3650 });
  });

  it('answers a member key 403 and no key 401, on both methods', async () => {
    const { key } = (await (await admin(app, 'POST', '/api/v1/admin/members/ana/key')).json()) as { key: string };
    for (const method of ['GET', 'PUT']) {
      const init = { method, headers: { 'content-type': 'application/json' }, ...(method === 'PUT' ? { body: '{"days":1}' } : {}) };
      const asMember = await app.request(PATH, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } });
      expect(asMember.status, method).toBe(403);
      expect(((await asMember.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      const anonymous = await app.request(PATH, init);
      expect(anonymous.status, method).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await (await admin(app, 'GET', PATH)).json()).toEqual({ days: null });
  });
});
