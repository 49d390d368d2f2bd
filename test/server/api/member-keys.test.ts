import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(backends.map((b) => [b.name, b] as const))('member keys on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app } = testApp(store));
  });

  const issueKey = async (member: string): Promise<string> => {
    const res = await admin(app, 'POST', `/api/v1/admin/members/${member}/key`);
    expect(res.status).toBe(201);
    return (await res.json()).key;
  };
  const asMember = (key: string, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  /** A pending office-hours request; office hours are held by Cy alone. */
  const requestOffice = async (start: string): Promise<string> => {
    const res = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest(start), event: 'office', answers: {} });
    expect(res.status).toBe(201);
    return (await res.json()).id;
  };
  /** A demo booked through the `sales` pool, and the member (Ana or Bo) it went to. */
  const bookDemo = async (start: string) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const row = await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', id).executeTakeFirstOrThrow();
    return { id, member: row.member_id };
  };
  const statusOf = async (id: string) => (await store.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const expectUnauthorized = async (res: Response) => {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toEqual({ code: 'unauthorized', message: expect.any(String) });
  };

  it('shows a new key once, and stores only its SHA-256', async () => {
    const res = await admin(app, 'POST', '/api/v1/admin/members/cy/key');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { member, key } = await res.json();
    expect(member).toBe('cy');
    expect(key).toMatch(/^kmk_[A-Za-z0-9_-]{43}$/);
    const rows = await store.db.selectFrom('member_keys').selectAll().execute();
    expect(rows).toEqual([{ member_id: 'cy', key_hash: sha256(key), created_at: expect.any(String) }]);
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));
  });

  it('lets a member approve their own pending booking, and names them in the activity', async () => {
    const id = await requestOffice('2026-12-01T10:00:00Z');
    const res = await asMember(await issueKey('cy'), 'POST', `/api/v1/admin/bookings/${id}/approve`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: 'confirmed' });
    const activity = await store.db.selectFrom('activity').select(['type', 'actor']).where('booking_id', '=', id).where('type', '=', 'approved').execute();
    expect(activity).toEqual([{ type: 'approved', actor: 'member:cy' }]);
  });

  it('answers a colleague’s booking as if it did not exist, and leaves it alone', async () => {
    const id = await requestOffice('2026-12-01T10:00:00Z');
    const key = await issueKey('ana');
    const unknown = await (await asMember(key, 'POST', '/api/v1/admin/bookings/no-such-booking/approve')).json();
    for (const [action, body] of [['approve'], ['decline', { reason: 'no' }], ['no-show'], ['reassign', { member: 'ana' }]] as const) {
      const res = await asMember(key, 'POST', `/api/v1/admin/bookings/${id}/${action}`, body);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(unknown);
    }
    expect(unknown.error.code).toBe('not_found');
    expect(await statusOf(id)).toBe('pending');
  });

  it('lets a member hand over their own place, after which the booking is no longer theirs to see', async () => {
    const { id, member } = await bookDemo('2026-12-01T09:00:00Z');
    const colleague = member === 'ana' ? 'bo' : 'ana';
    const key = await issueKey(member);
    const res = await asMember(key, 'POST', `/api/v1/admin/bookings/${id}/reassign`, { member: colleague });
    expect(res.status).toBe(200);
    expect((await res.json()).members).toEqual([{ id: colleague, name: expect.any(String), pool: 'sales' }]);
    const activity = await store.db.selectFrom('activity').select('actor').where('booking_id', '=', id).where('type', '=', 'reassigned').execute();
    expect(activity).toEqual([{ actor: `member:${member}` }]);
    expect((await asMember(key, 'POST', `/api/v1/admin/bookings/${id}/reassign`, { member })).status).toBe(404);
  });

  it('refuses a member handing over a place that is not their own with 403', async () => {
    const { id, member } = await bookDemo('2026-12-01T09:00:00Z');
    const res = await asMember(await issueKey(member), 'POST', `/api/v1/admin/bookings/${id}/reassign`, { member: 'cy', replace: member === 'ana' ? 'bo' : 'ana' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('refuses a member key config export and import, key issuing, stats and links with 403', async () => {
    const key = await issueKey('cy');
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/admin/config'],
      ['PUT', '/api/v1/admin/config', { members: [] }],
      ['POST', '/api/v1/admin/members/cy/key'],
      ['POST', '/api/v1/admin/members/ana/key'],
      ['DELETE', '/api/v1/admin/members/ana/key'],
      ['GET', '/api/v1/admin/pools/sales/stats'],
      ['POST', '/api/v1/admin/links', { page: 'sales' }],
    ];
    for (const [method, path, body] of requests) {
      const res = await asMember(key, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    expect(await store.db.selectFrom('member_keys').select('member_id').execute()).toEqual([{ member_id: 'cy' }]);
    expect(await store.db.selectFrom('bookings').select('id').execute()).toEqual([]);
  });

  it('refuses a member key with 403 on every admin route the OpenAPI document does not open to members', async () => {
    const key = await issueKey('cy');
    const spec = await (await app.request('/api/v1/openapi.json')).json();
    const adminOnly = Object.entries(spec.paths as Record<string, Record<string, { security: Record<string, string[]>[] }>>)
      .filter(([path]) => path.startsWith('/v1/admin/'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, op]) => ({ path, method, schemes: op.security.flatMap(Object.keys) })))
      .filter((op) => !op.schemes.includes('memberKey'));
    expect(adminOnly.length).toBeGreaterThanOrEqual(7);
    for (const { path, method } of adminOnly) {
      const url = `/api${path.replace(/\{[^}]+\}/g, 'cy')}`;
      const res = await asMember(key, method.toUpperCase(), url, method === 'get' || method === 'delete' ? undefined : {});
      expect(res.status, `${method} ${url}`).toBe(403);
    }
  });

  it('lists the member key routes in the OpenAPI document, and which booking routes take a member key', async () => {
    const spec = await (await app.request('/api/v1/openapi.json')).json();
    expect(spec.paths['/v1/admin/members/{member}/key']).toHaveProperty('post');
    expect(spec.paths['/v1/admin/members/{member}/key']).toHaveProperty('delete');
    expect(spec.paths['/v1/admin/bookings/{id}/approve'].post.security).toEqual([{ adminKey: [] }, { memberKey: [] }, { session: [] }]);
    expect(spec.paths['/v1/admin/config'].get.security).toEqual([{ adminKey: [] }, { session: [] }]);
    expect(spec.components.securitySchemes.memberKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('revokes the previous key when a new one is issued', async () => {
    const id = await requestOffice('2026-12-01T10:00:00Z');
    const old = await issueKey('cy');
    const current = await issueKey('cy');
    await expectUnauthorized(await asMember(old, 'POST', `/api/v1/admin/bookings/${id}/approve`));
    expect((await asMember(current, 'POST', `/api/v1/admin/bookings/${id}/approve`)).status).toBe(200);
  });

  it('refuses a revoked key with 401', async () => {
    const id = await requestOffice('2026-12-01T10:00:00Z');
    const key = await issueKey('cy');
    const res = await admin(app, 'DELETE', '/api/v1/admin/members/cy/key');
    expect(res.status).toBe(204);
    await expectUnauthorized(await asMember(key, 'POST', `/api/v1/admin/bookings/${id}/approve`));
    expect(await statusOf(id)).toBe('pending');
    expect(await store.db.selectFrom('member_keys').selectAll().execute()).toEqual([]);
  });

  it('refuses a wrong key with 401 in the API’s error shape', async () => {
    await issueKey('cy');
    const id = await requestOffice('2026-12-01T10:00:00Z');
    for (const key of [`kmk_${randomBytes(32).toString('base64url')}`, 'kmk_', 'not-a-key']) {
      await expectUnauthorized(await asMember(key, 'POST', `/api/v1/admin/bookings/${id}/approve`));
    }
  });

  it('answers 404 when issuing or revoking the key of an unknown member', async () => {
    for (const method of ['POST', 'DELETE']) {
      const res = await admin(app, method, '/api/v1/admin/members/nobody/key');
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    expect(await store.db.selectFrom('member_keys').selectAll().execute()).toEqual([]);
  });
});
