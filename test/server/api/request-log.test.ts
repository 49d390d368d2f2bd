/** The per-request log line: what an operator sees for every request, and what they never see. */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, postJson, seed, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

let store: Store;
beforeAll(async () => {
  store = await backends[0]!.open();
  await seed(store);
});

/** An app whose logger keeps its lines, parsed. */
function loggedApp(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { ...testApp(store, { log }), lines };
}

describe('request log', () => {
  it('logs method, path, status and duration of each request at info', async () => {
    const { app, lines } = loggedApp();
    await app.request('/api/v1/pages/sales');
    await app.request('/api/v1/pages/nowhere');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, method: 'GET', path: '/api/v1/pages/sales', status: 200, durationMs: expect.any(Number) }),
      expect.objectContaining({ level: 30, method: 'GET', path: '/api/v1/pages/nowhere', status: 404, durationMs: expect.any(Number) }),
    ]);
  });

  it('leaves the query string out, since manage links carry the booking’s token there', async () => {
    const { app, lines } = loggedApp();
    const booking = await (await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z'))).json();
    await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`);
    await app.request(`/manage/${booking.id}?token=${tokenOf(booking)}`);
    expect(lines.map((l) => l.path)).toEqual(['/api/v1/pages/sales/bookings', `/api/v1/bookings/${booking.id}`, `/manage/${booking.id}`]);
    expect(JSON.stringify(lines)).not.toContain(tokenOf(booking));
  });

  it('leaves a hold’s token out of the path its release carries it in', async () => {
    const { app, lines } = loggedApp();
    const hold = (await (await postJson(app, '/api/v1/pages/sales/holds', { event: 'demo', start: '2026-12-01T10:00:00Z' })).json()) as { holdId: string };
    await app.request(`/api/v1/pages/sales/holds/${hold.holdId}/release`, { method: 'POST' });
    await app.request(`/api/v1/pages/sales/holds/${hold.holdId}`, { method: 'DELETE' });
    expect(lines.map((l) => [l.method, l.path, l.status])).toEqual([
      ['POST', '/api/v1/pages/sales/holds', 201],
      ['POST', '/api/v1/pages/sales/holds/…/release', 204],
      ['DELETE', '/api/v1/pages/sales/holds/…', 204],
    ]);
    expect(JSON.stringify(lines)).not.toContain(hold.holdId);
  });

  it('is silent above info', async () => {
    const { app, lines } = loggedApp('warn');
    await app.request('/api/v1/pages/sales');
    expect(lines).toEqual([]);
  });
});
