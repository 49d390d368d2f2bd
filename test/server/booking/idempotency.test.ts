/**
 * Idempotency keys: a retried request gets its first booking back, and a key is good for nothing
 * else. The same key on another page, or with another body, is refused (422
 * `idempotency_key_reused`), writes nothing and shows nothing of the booking it made first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { fingerprint } from '../support/rejection.js';

afterAll(disposeStores);

/** The team config plus `partners`, a second page booking the same event with the same pool. */
function withPartnersPage() {
  const config = teamConfig();
  return { ...config, pages: [...config.pages!, { slug: 'partners', title: 'Partners', locale: 'en-US', entries: [{ event: 'demo', host: { pool: 'sales' } }] }] };
}

describe.each(backends.map((b) => [b.name, b] as const))('idempotency keys on %s', (_name, backend) => {
  const KEY = 'key-of-the-first-customer';

  async function setUp(options: { file?: boolean } = {}) {
    const store = await backend.open(options);
    await seed(store, withPartnersPage());
    const { app } = testApp(store);
    const book = async (page: string, body: unknown) => {
      const res = await postJson(app, `/api/v1/pages/${page}/bookings`, body);
      return { status: res.status, body: await res.json() };
    };
    return { store, book };
  }

  const bookingCount = async (store: Store) => Number((await store.db.selectFrom('bookings').select(store.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('answers a genuine retry with the first booking and the same manage token', async () => {
    const { store, book } = await setUp();
    const request = demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: KEY });
    const first = await book('sales', request);
    const again = await book('sales', request);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(tokenOf(again.body)).toBe(tokenOf(first.body));
    expect(await bookingCount(store)).toBe(1);
  });

  it('treats a retry whose body lists the same fields in another order as the same request', async () => {
    const { book } = await setUp();
    const first = await book('sales', demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: KEY, answers: { company: 'ACME', country: 'US' } }));
    const fields = Object.entries(demoRequest('2026-12-01T09:00:00Z', { answers: { country: 'US', company: 'ACME' } }));
    const reordered = Object.fromEntries([['idempotencyKey', KEY], ...fields.reverse()]);
    const again = await book('sales', reordered);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses the same key with the same body on another page, showing nothing of the first booking', async () => {
    const { store, book } = await setUp();
    const request = demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: KEY });
    const first = await book('sales', request);
    const before = await fingerprint(store);
    const other = await book('partners', request);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(JSON.stringify(other.body)).not.toContain(first.body.id);
    expect(JSON.stringify(other.body)).not.toContain(tokenOf(first.body));
    expect(await fingerprint(store)).toBe(before);
  });

  it('refuses the same key from another customer on the same page, writing and showing nothing', async () => {
    const { store, book } = await setUp();
    const first = await book('sales', demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: KEY }));
    const before = await fingerprint(store);
    for (const changed of [
      { email: 'mallory@example.org', name: 'Mallory' },
      { start: '2026-12-01T10:00:00Z' },
      { answers: { company: 'Other Inc', country: 'US' } },
    ]) {
      const other = await book('sales', demoRequest('2026-12-01T09:00:00Z', { idempotencyKey: KEY, ...changed }));
      expect(other.status, JSON.stringify(changed)).toBe(422);
      expect(other.body.error.code).toBe('idempotency_key_reused');
      expect(JSON.stringify(other.body)).not.toContain(tokenOf(first.body));
    }
    expect(await fingerprint(store)).toBe(before);
  });

  it('makes one booking for simultaneous genuine retries, all answered with it and its token', async () => {
    const { store, book } = await setUp({ file: true });
    const request = demoRequest('2026-12-01T09:00:00Z', { answers: { company: 'ACME', country: 'FR' }, idempotencyKey: KEY });
    const answers = await Promise.all(Array.from({ length: 8 }, () => book('sales', request)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(new Set(answers.map((a) => tokenOf(a.body))).size).toBe(1);
    expect(await bookingCount(store)).toBe(1);
  });

  it('gives simultaneous different requests with one key one booking: its copies replay it, the others are refused', async () => {
    const { store, book } = await setUp({ file: true });
    const fr = { answers: { company: 'ACME', country: 'FR' }, idempotencyKey: KEY };
    const variants = [
      { page: 'sales', body: demoRequest('2026-12-01T09:00:00Z', fr) },
      { page: 'sales', body: demoRequest('2026-12-01T09:00:00Z', { ...fr, email: 'mallory@example.org' }) },
      { page: 'sales', body: demoRequest('2026-12-01T10:00:00Z', fr) },
      { page: 'partners', body: demoRequest('2026-12-01T09:00:00Z', fr) },
    ];
    const sent = Array.from({ length: 12 }, (_, i) => i % variants.length);
    const answers = await Promise.all(sent.map((v) => book(variants[v]!.page, variants[v]!.body)));
    const winners = sent.filter((_, i) => answers[i]!.status === 201);
    expect(winners).toHaveLength(1);
    const winner = answers[sent.indexOf(winners[0]!)]!.body;
    for (const [i, v] of sent.entries()) {
      if (v === winners[0]) expect(answers[i]!.body).toEqual(winner);
      else expect(answers[i]).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
    }
    expect(await bookingCount(store)).toBe(1);
  });
});

it('documents idempotency_key_reused in the booking route’s OpenAPI answers', async () => {
  const { app } = testApp(await backends[0]!.open());
  const spec = await (await app.request('/api/v1/openapi.json')).json();
  expect(spec.paths['/v1/pages/{page}/bookings'].post.responses['422'].description).toContain('idempotency_key_reused');
});
