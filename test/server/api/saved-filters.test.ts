/** `/api/v1/admin/filters`: each person's saved activity filters, and nobody else's. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('saved filters on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let cyKey: string;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app } = testApp(store));
    cyKey = (await (await admin(app, 'POST', '/api/v1/admin/members/cy/key')).json()).key;
  });

  const asCy = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${cyKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('saves a filter for the caller and lists it back', async () => {
    const res = await admin(app, 'POST', '/api/v1/admin/filters', { name: 'Requests this week', query: { view: 'requests', from: '2026-12-01', to: '2026-12-07', timezone: 'europe/paris' } });
    expect(res.status).toBe(201);
    const saved = await res.json();
    expect(saved).toEqual({ id: expect.any(String), name: 'Requests this week', query: { view: 'requests', from: '2026-12-01', to: '2026-12-07', timezone: 'Europe/Paris' } });
    expect(await (await admin(app, 'GET', '/api/v1/admin/filters')).json()).toEqual({ items: [saved] });
  });

  it('keeps each person’s filters apart: a member sees, and deletes, only their own', async () => {
    const mine = await (await admin(app, 'POST', '/api/v1/admin/filters', { name: 'Sales', query: { page: 'sales' } })).json();
    const cys = await (await asCy('POST', '/api/v1/admin/filters', { name: 'Mine', query: { q: 'acme' } })).json();
    expect((await (await asCy('GET', '/api/v1/admin/filters')).json()).items).toEqual([cys]);
    expect((await (await admin(app, 'GET', '/api/v1/admin/filters')).json()).items).toEqual([mine]);

    const theirs = await asCy('DELETE', `/api/v1/admin/filters/${mine.id}`);
    expect(theirs.status).toBe(404);
    expect((await theirs.json()).error.code).toBe('not_found');
    expect((await admin(app, 'DELETE', `/api/v1/admin/filters/${cys.id}`)).status).toBe(404);

    expect((await asCy('DELETE', `/api/v1/admin/filters/${cys.id}`)).status).toBe(204);
    expect((await (await asCy('GET', '/api/v1/admin/filters')).json()).items).toEqual([]);
    expect((await (await admin(app, 'GET', '/api/v1/admin/filters')).json()).items).toEqual([mine]);
  });

  it('answers 404 for a filter deleted already', async () => {
    const saved = await (await admin(app, 'POST', '/api/v1/admin/filters', { name: 'Once', query: {} })).json();
    expect((await admin(app, 'DELETE', `/api/v1/admin/filters/${saved.id}`)).status).toBe(204);
    expect((await admin(app, 'DELETE', `/api/v1/admin/filters/${saved.id}`)).status).toBe(404);
  });

  it.each([
    [{ query: {} }, 'name'],
    [{ name: '  ', query: {} }, 'name'],
    [{ name: 'x'.repeat(101), query: {} }, 'name'],
    [{ name: 'Tab\there', query: {} }, 'name'],
    [{ name: 'No query' }, 'query'],
    [{ name: 'Bad view', query: { view: 'yesterday' } }, 'query.view'],
    [{ name: 'Backwards', query: { from: '2026-12-05', to: '2026-12-01' } }, 'query.to'],
    [{ name: 'A cursor is no filter', query: { cursor: 'abc' } }, 'query'],
  ])('refuses %j with 422 naming %s', async (body, field) => {
    const res = await admin(app, 'POST', '/api/v1/admin/filters', body);
    expect(res.status).toBe(422);
    const answer = await res.json();
    expect(answer.error.code).toBe('validation_failed');
    expect(Object.keys(answer.error.fields)).toEqual([field]);
    expect((await (await admin(app, 'GET', '/api/v1/admin/filters')).json()).items).toEqual([]);
  });
});
