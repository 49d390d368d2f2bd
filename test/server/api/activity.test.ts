/** `GET /api/v1/admin/activity`: the answer's shape, cursor pages, a member key's scope, and bad input. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { book, bookTheWeek, MINUTE } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

interface Entry {
  id: string;
  type: string;
  at: string;
  booking: { id: string } | null;
}

describe.each(backends.map((b) => [b.name, b] as const))('the activity stream over HTTP on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    test = testApp(store);
  });

  const asKey = (key: string, path: string) => test.app.request(path, { headers: { authorization: `Bearer ${key}` } });
  const issueKey = async (member: string): Promise<string> => (await (await admin(test.app, 'POST', `/api/v1/admin/members/${member}/key`)).json()).key;

  it('answers entries with the booking summarised, and no next cursor on the last page', async () => {
    const ids = await bookTheWeek(test);
    const res = await admin(test.app, 'GET', '/api/v1/admin/activity?view=requests');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [
        {
          id: expect.any(String),
          type: 'requested',
          at: '2026-11-30T12:02:00Z',
          actor: 'customer',
          data: expect.objectContaining({ start: '2026-12-03T10:00:00.000Z', members: ['cy'] }),
          booking: {
            id: ids.request,
            status: 'pending',
            event: 'office',
            page: 'solo',
            start: '2026-12-03T10:00:00Z',
            end: '2026-12-03T11:00:00Z',
            name: 'Pat Pending',
            email: 'pat@example.net',
            members: [{ id: 'cy', name: 'Cy Brooks', pool: null }],
          },
        },
      ],
      nextCursor: null,
    });
  });

  it('pages through the stream without gaps or repeats while new bookings arrive', async () => {
    const starts = Array.from({ length: 12 }, (_, i) => `2026-12-${String(1 + Math.floor(i / 6)).padStart(2, '0')}T${String(9 + (i % 6)).padStart(2, '0')}:00:00Z`);
    for (const start of starts) {
      await book(test.app, 'sales', demoRequest(start));
      test.clock.now += MINUTE;
    }
    const before = (await (await admin(test.app, 'GET', '/api/v1/admin/activity?limit=200')).json()).items.map((e: Entry) => e.id);
    expect(before).toHaveLength(12);
    const seen: Entry[] = [];
    let cursor: string | null = null;
    let arrivals = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const res = await admin(test.app, 'GET', `/api/v1/admin/activity?limit=5${query}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Entry[]; nextCursor: string | null };
      seen.push(...page.items);
      cursor = page.nextCursor;
      // Someone books between two pages: newer than everything paged so far.
      await book(test.app, 'sales', demoRequest(`2026-12-03T${String(9 + arrivals++).padStart(2, '0')}:00:00Z`));
      test.clock.now += MINUTE;
    } while (cursor !== null);
    expect(seen.map((e) => e.id)).toEqual(before);
    expect(arrivals).toBe(3);
  });

  it('pages entries recorded in the same instant one after the other, by id', async () => {
    for (const start of ['2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z']) await book(test.app, 'sales', demoRequest(start));
    const all = (await (await admin(test.app, 'GET', '/api/v1/admin/activity')).json()).items.map((e: Entry) => e.id);
    const first = await (await admin(test.app, 'GET', '/api/v1/admin/activity?limit=2')).json();
    const second = await (await admin(test.app, 'GET', `/api/v1/admin/activity?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((e: Entry) => e.id)).toEqual(all);
    expect(all).toEqual([...all].sort().reverse());
    expect(second.nextCursor).toBeNull();
  });

  it('shows a member key only the activity of the bookings its member is assigned to', async () => {
    const ids = await bookTheWeek(test);
    const cy = await issueKey('cy');
    const res = await asKey(cy, '/api/v1/admin/activity');
    expect(res.status).toBe(200);
    const items = (await res.json()).items as Entry[];
    expect(new Set(items.map((e) => e.booking!.id))).toEqual(new Set([ids.request, ids.cancelled]));
    const asking = await (await asKey(cy, `/api/v1/admin/activity?q=${ids.emea}`)).json();
    expect(asking.items).toEqual([]);
  });

  it.each(['"', '*', 'NEAR(a b)', 'a OR b', "o'brien", '(:*&|!)', '½ ² 中文 🙂', ' '])('takes any text as search words: %j answers 200', async (q) => {
    await bookTheWeek(test);
    const res = await admin(test.app, 'GET', `/api/v1/admin/activity?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect((await res.json()).items.length).toBe(q === ' ' ? 5 : 0);
  });

  it('refuses a request without a key', async () => {
    const res = await test.app.request('/api/v1/admin/activity');
    expect(res.status).toBe(401);
  });

  it.each([
    ['view=yesterday', 'view'],
    ['status=lost', 'status'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['from=2026-02-30', 'from'],
    ['from=2026-12-05&to=2026-12-01', 'to'],
    ['timezone=Mars/Olympus', 'timezone'],
    ['member=a%00b', 'member'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from('{"at":1}').toString('base64url')}`, 'cursor'],
  ])('refuses %s with 422 naming %s', async (query, field) => {
    const res = await admin(test.app, 'GET', `/api/v1/admin/activity?${query}`);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });
});
