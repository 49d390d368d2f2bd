import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { emailOf } from '../../../server/notify/index.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('booking lifecycle on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app, clock } = testApp(store));
  });

  const book = async (start: string, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start, overrides), headers);
    return { status: res.status, body: await res.json() };
  };

  it('confirms a booking with hosts, a join link and manage links', async () => {
    const { status, body } = await book('2026-12-01T09:00:00Z');
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'confirmed',
      event: 'demo',
      title: 'Product demo',
      start: '2026-12-01T09:00:00Z',
      end: '2026-12-01T09:30:00Z',
      timezone: 'Europe/Paris',
      hosts: [{ name: expect.any(String) }],
      location: { type: 'video', joinUrl: expect.stringMatching(/^https:\/\/meet\.jit\.si\/kairos-[0-9a-f]{24}$/) },
    });
    expect(body.manageUrl).toBe(`http://kairos.test/manage/${body.id}?token=${tokenOf(body)}`);
    expect(body.icsUrl).toBe(`http://kairos.test/api/v1/bookings/${body.id}/invite.ics?token=${tokenOf(body)}`);
    expect(tokenOf(body)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const read = await app.request(`/api/v1/bookings/${body.id}?token=${tokenOf(body)}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(body);
  });

  it('stores only the SHA-256 of the manage token', async () => {
    const { body } = await book('2026-12-01T09:00:00Z');
    const row = await store.db.selectFrom('bookings').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.manage_token_hash).toBe(createHash('sha256').update(tokenOf(body)).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(tokenOf(body));
  });

  it('records the source, the answers, the pool assignment, the activity and the outbox rows together', async () => {
    const { body } = await book('2026-12-01T09:00:00Z', { source: { utm_source: 'newsletter' } }, { referer: 'https://www.example.com/pricing' });
    const row = await store.db.selectFrom('bookings').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.source)).toEqual({ utm_source: 'newsletter', referrer: 'https://www.example.com/pricing' });
    expect(JSON.parse(row.answers)).toEqual({ company: 'ACME', country: 'US', consent: true });
    const assignments = await store.db.selectFrom('pool_assignments').selectAll().where('booking_id', '=', body.id).execute();
    expect(assignments).toEqual([expect.objectContaining({ pool: 'sales', outcome: 'held' })]);
    const activity = await store.db.selectFrom('activity').selectAll().where('booking_id', '=', body.id).execute();
    expect(activity.map((a) => a.type)).toEqual(['created']);
    const outbox = await store.db.selectFrom('outbox').select('topic').where('booking_id', '=', body.id).execute();
    expect(outbox.length).toBeGreaterThan(0);
  });

  it('routes by the form’s answers: France goes to the EMEA pool', async () => {
    const { status, body } = await book('2026-12-01T09:00:00Z', { answers: { company: 'ACME', country: 'FR' } });
    expect(status).toBe(201);
    expect(body.hosts).toEqual([{ name: 'Bo Laurent' }]);
  });

  it('refuses a booking a routing rule refuses, in the visitor’s language', async () => {
    const { status, body } = await book('2026-12-01T09:00:00Z', { locale: 'fr', answers: { company: 'ACME', country: 'other' } });
    expect(status).toBe(422);
    expect(body.error).toEqual({ code: 'refused', message: 'Nous ne servons que la France et les États-Unis.' });
  });

  it('gives a taken slot to nobody else: 409 slot_unavailable', async () => {
    const fr = { answers: { company: 'ACME', country: 'FR' } };
    expect((await book('2026-12-01T09:00:00Z', fr)).status).toBe(201);
    const second = await book('2026-12-01T09:00:00Z', fr);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('slot_unavailable');
  });

  it('returns the first booking for a repeated idempotency key', async () => {
    const first = await book('2026-12-01T09:00:00Z', { idempotencyKey: 'retry-key-0001' });
    const again = await book('2026-12-01T09:00:00Z', { idempotencyKey: 'retry-key-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const count = await store.db.selectFrom('bookings').select(store.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('keeps a booking’s idempotency key out of the database, so its manage token cannot be rebuilt from a copy of it', async () => {
    const key = 'retry-key-0002';
    const { body } = await book('2026-12-01T09:00:00Z', { idempotencyKey: key });
    const token = tokenOf(body);
    const row = await store.db.selectFrom('bookings').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.idempotency_key).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key);
    // 'test-secret' is the server secret testApp runs with (a real server keeps it in settings).
    expect(createHmac('sha256', 'test-secret').update(`manage:${row.idempotency_key}`).digest('base64url')).not.toBe(token);
    expect((await book('2026-12-01T09:00:00Z', { idempotencyKey: key })).body.manageUrl).toBe(body.manageUrl);
  });

  it('keeps the shipped locale closest to the visitor’s, the page’s when none speaks their language', async () => {
    const cases = [
      ['fr-CA', 'fr'],
      ['en-AU', 'en-GB'],
      ['EN-us', 'en-US'],
      ['pt', 'pt-BR'],
      ['ja-JP', 'en-US'],
    ] as const;
    for (const [i, [asked, kept]] of cases.entries()) {
      const { status, body } = await book(`2026-12-0${i + 1}T09:00:00Z`, { locale: asked });
      expect(status, asked).toBe(201);
      const row = await store.db.selectFrom('bookings').select('locale').where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(row.locale, asked).toBe(kept);
    }
    // The solo page is French.
    const solo = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest('2026-12-01T10:00:00Z', { locale: 'ja' }), event: 'group', answers: {} });
    expect((await solo.json()).locale).toBe('fr');
  });

  it('refuses a locale that is not a BCP 47 tag with 422 naming the field', async () => {
    for (const locale of ['français', 'en US', 'en-', '12-34']) {
      const { status, body } = await book('2026-12-01T09:00:00Z', { locale });
      expect(status, locale).toBe(422);
      expect(body.error.fields, locale).toHaveProperty('locale');
    }
  });

  it('names every form problem in fields', async () => {
    const { status, body } = await book('2026-12-01T09:00:00Z', { answers: { country: 'XX' }, consent: false, email: 'not-an-email' });
    expect(status).toBe(422);
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields).sort()).toEqual(['email']);
    const answers = await book('2026-12-01T09:00:00Z', { answers: { country: 'XX', company: 5 }, consent: false });
    expect(answers.status).toBe(422);
    expect(answers.body.error.fields).toHaveProperty(['answers.company']);
    const form = await book('2026-12-01T09:00:00Z', { answers: { country: 'XX' }, consent: false });
    expect(form.body.error.fields).toEqual({ 'answers.company': 'required', 'answers.country': 'not one of the options', 'answers.consent': 'consent is required' });
  });

  it('answers 404 for an event that is not on the page and for an unknown page', async () => {
    expect((await book('2026-12-01T09:00:00Z', { event: 'group' })).status).toBe(404);
    const res = await postJson(app, '/api/v1/pages/nope/bookings', demoRequest('2026-12-01T09:00:00Z'));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('makes a booking pending when its event needs approval', async () => {
    const res = await postJson(app, '/api/v1/pages/solo/bookings', { ...demoRequest('2026-12-01T10:00:00Z'), event: 'office', answers: {} });
    expect(res.status).toBe(201);
    expect((await res.json()).status).toBe('pending');
  });

  it('cancels with a reason and frees the slot', async () => {
    const fr = { answers: { company: 'ACME', country: 'FR' } };
    const { body } = await book('2026-12-01T09:00:00Z', fr);
    const res = await postJson(app, `/api/v1/bookings/${body.id}/cancel`, { token: tokenOf(body), reason: 'Plans changed' });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('cancelled');
    const row = await store.db.selectFrom('bookings').select(['reason', 'sequence']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ reason: 'Plans changed', sequence: 1 });
    expect((await book('2026-12-01T09:00:00Z', fr)).status).toBe(201);
    const twice = await postJson(app, `/api/v1/bookings/${body.id}/cancel`, { token: tokenOf(body) });
    expect(twice.status).toBe(409);
  });

  it('reschedules the same booking: same invite UID, SEQUENCE + 1, old time freed', async () => {
    const fr = { answers: { company: 'ACME', country: 'FR' } };
    const { body } = await book('2026-12-01T09:00:00Z', fr);
    const before = await store.db.selectFrom('bookings').select('uid').where('id', '=', body.id).executeTakeFirstOrThrow();
    const res = await postJson(app, `/api/v1/bookings/${body.id}/reschedule`, { token: tokenOf(body), start: '2026-12-02T14:00:00Z' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: body.id, start: '2026-12-02T14:00:00Z', end: '2026-12-02T14:30:00Z', status: 'confirmed' });
    const after = await store.db.selectFrom('bookings').select(['uid', 'sequence']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ uid: before.uid, sequence: 1 });
    const ics = await (await app.request(`/api/v1/bookings/${body.id}/invite.ics?token=${tokenOf(body)}`)).text();
    expect(ics).toContain(`UID:${before.uid}`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('DTSTART:20261202T140000Z');
    expect((await book('2026-12-01T09:00:00Z', fr)).status).toBe(201);
  });

  it('numbers the invites of a reschedule then a cancel SEQUENCE 1 then 2, as the booking and its webhooks do', async () => {
    await seed(store, { ...teamConfig(), webhooks: [{ id: 'crm', url: 'https://crm.example.org/hook', events: ['booking.rescheduled', 'booking.cancelled'], secret: 'whsec_test1234' }] });
    const { body } = await book('2026-12-01T09:00:00Z');
    await postJson(app, `/api/v1/bookings/${body.id}/reschedule`, { token: tokenOf(body), start: '2026-12-02T14:00:00Z' });
    await postJson(app, `/api/v1/bookings/${body.id}/cancel`, { token: tokenOf(body) });
    const rows = await store.db.selectFrom('outbox').select(['kind', 'topic', 'payload']).where('booking_id', '=', body.id).orderBy('created_at').execute();
    const sequences = (topic: string) =>
      rows
        .filter((r) => r.topic === topic)
        .map((r) => JSON.parse(r.payload))
        .map((p) => (p.kind === 'email' ? Number(/^SEQUENCE:(\d+)/m.exec(emailOf(p).invite!.content)![1]) : JSON.parse(p.body).data.booking.sequence));
    expect(sequences('booking.rescheduled')).toEqual([1, 1, 1]);
    expect(sequences('booking.cancelled')).toEqual([2, 2, 2]);
    const row = await store.db.selectFrom('bookings').select('sequence').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.sequence).toBe(2);
    const ics = await (await app.request(`/api/v1/bookings/${body.id}/invite.ics?token=${tokenOf(body)}`)).text();
    expect(ics).toContain('SEQUENCE:2');
  });

  it('refuses to reschedule onto a taken slot', async () => {
    const fr = { answers: { company: 'ACME', country: 'FR' } };
    await book('2026-12-02T14:00:00Z', fr);
    const { body } = await book('2026-12-01T09:00:00Z', fr);
    const res = await postJson(app, `/api/v1/bookings/${body.id}/reschedule`, { token: tokenOf(body), start: '2026-12-02T14:00:00Z' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('slot_unavailable');
  });

  it('serves the invite as text/calendar', async () => {
    const { body } = await book('2026-12-01T09:00:00Z');
    const res = await app.request(`/api/v1/bookings/${body.id}/invite.ics?token=${tokenOf(body)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('METHOD:REQUEST');
  });

  it('says too_late once the booking has started', async () => {
    const { body } = await book('2026-12-01T09:00:00Z');
    clock.now = Date.parse('2026-12-01T09:00:00Z');
    const cancel = await postJson(app, `/api/v1/bookings/${body.id}/cancel`, { token: tokenOf(body) });
    expect(cancel.status).toBe(410);
    expect((await cancel.json()).error.code).toBe('too_late');
    const reschedule = await postJson(app, `/api/v1/bookings/${body.id}/reschedule`, { token: tokenOf(body), start: '2026-12-03T10:00:00Z' });
    expect((await reschedule.json()).error.code).toBe('too_late');
  });

  it('says invalid_token for a wrong token, and not_found for an unknown booking', async () => {
    const { body } = await book('2026-12-01T09:00:00Z');
    for (const res of [
      await app.request(`/api/v1/bookings/${body.id}?token=wrong`),
      await app.request(`/api/v1/bookings/${body.id}/invite.ics?token=wrong`),
      await postJson(app, `/api/v1/bookings/${body.id}/cancel`, { token: 'wrong' }),
    ]) {
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('invalid_token');
    }
    const unknown = await app.request(`/api/v1/bookings/nope?token=${tokenOf(body)}`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
  });

  it('accepts a genuine personal link and refuses a forged or expired one', async () => {
    const link = await (await admin(app, 'POST', '/api/v1/admin/links', { page: 'sales', event: 'demo', prefill: { name: 'Zoé' }, expiresAt: '2026-12-01T00:00:00Z' })).json();
    expect(link.url).toBe(`http://kairos.test/book/sales?event=demo&kairos_invite=${link.token}`);
    const payload = JSON.parse(Buffer.from(link.token.split('.')[0], 'base64url').toString());
    expect(payload).toEqual({ page: 'sales', event: 'demo', prefill: { name: 'Zoé' }, exp: '2026-12-01T00:00:00.000Z' });
    expect((await book('2026-12-01T09:00:00Z', { personalLink: link.token })).status).toBe(201);
    const forged = Buffer.from(JSON.stringify({ ...payload, prefill: { name: 'Mallory' } })).toString('base64url') + '.' + link.token.split('.')[1];
    const bad = await book('2026-12-01T10:00:00Z', { personalLink: forged });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_token');
    clock.now = Date.parse('2026-12-01T00:00:00Z');
    expect((await book('2026-12-01T11:00:00Z', { personalLink: link.token })).body.error.code).toBe('invalid_token');
  });
});
