/** `GET /api/v1/admin/activity.csv`: every entry the filters let through, RFC 4180 quoting, formulas neutralised, a member key's scope. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../../server/api/activity-csv.js';
import type { Store } from '../../../server/store/connect.js';
import { book, bookTheWeek } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const header = 'at,type,actor,booking_id,status,event,page,start,end,customer_name,customer_email,members';

describe.each(backends.map((b) => [b.name, b] as const))('the activity CSV export on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    test = testApp(store);
  });
  const lines = async (res: Response) => (await res.text()).split('\r\n').slice(0, -1);

  it('answers an attachment with one row per entry the filters let through', async () => {
    const ids = await bookTheWeek(test);
    const res = await admin(test.app, 'GET', '/api/v1/admin/activity.csv?view=requests');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(res.headers.get('kairos-truncated')).toBeNull();
    expect(await lines(res)).toEqual([
      header,
      // An id may start with `-`, which the export guards as it guards any cell.
      `2026-11-30T12:02:00Z,requested,customer,${csvCell(ids.request)},pending,office,solo,2026-12-03T10:00:00Z,2026-12-03T11:00:00Z,Pat Pending,pat@example.net,Cy Brooks`,
    ]);
    const all = await lines(await admin(test.app, 'GET', '/api/v1/admin/activity.csv'));
    expect(all).toHaveLength(1 + 5);
  });

  it('quotes per RFC 4180 and neutralises cells a spreadsheet would run as formulas', async () => {
    const made = await book(test.app, 'sales', { ...demoRequest('2026-12-01T10:00:00Z'), name: '=HYPERLINK("http://x", "y")' });
    const [, row] = await lines(await admin(test.app, 'GET', `/api/v1/admin/activity.csv?q=${made.id}`));
    expect(row).toContain(`,"'=HYPERLINK(""http://x"", ""y"")",`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('plain')).toBe('plain');
  });

  it('gives a member key only its own bookings, and refuses bad filters', async () => {
    const ids = await bookTheWeek(test);
    const key = (await (await admin(test.app, 'POST', '/api/v1/admin/members/cy/key')).json()).key as string;
    const res = await test.app.request('/api/v1/admin/activity.csv', { headers: { authorization: `Bearer ${key}` } });
    const rows = (await lines(res)).slice(1);
    // An id may start with `-`, and then its cell starts with `'` like any other.
    expect(rows.map((r) => r.split(',')[3]).sort()).toEqual([ids.request, ids.cancelled, ids.cancelled].map(csvCell).sort());
    expect((await admin(test.app, 'GET', '/api/v1/admin/activity.csv?from=2026-12-05&to=2026-12-01')).status).toBe(422);
    expect((await test.app.request('/api/v1/admin/activity.csv')).status).toBe(401);
  });
});
