/**
 * Multi-session booking (config `sessions`): a course of picked times and a weekly series, booked
 * all or none, race-safe, one confirmation listing every session, cancelled one or all.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createMailer, deliverDue, emailOf, type OutboxPayload } from '../../../server/notify/index.js';
import type { ConfigInput } from '../../../server/config/schema.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import { backends, disposeStores, PG_URL } from '../support/backends.js';
import { demoRequest, NOW, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog, startSmtp } from '../support/notify-fixtures.js';

afterAll(disposeStores);

/** The team, with a three-session course (Ana) and a four-week series (Bo, or the sales pool). */
function courseConfig(): ConfigInput {
  const config = teamConfig();
  config.eventTypes!.push(
    { id: 'course', title: { en: 'Course', fr: 'Cours' }, durationMinutes: 60, slotIntervalMinutes: 60, sessions: { mode: 'pick', count: 3, exact: true } },
    { id: 'upto', title: 'Up to three', durationMinutes: 60, slotIntervalMinutes: 60, sessions: { mode: 'pick', count: 3, exact: false } },
    { id: 'advising', title: { en: 'Advising', fr: 'Conseil' }, durationMinutes: 60, slotIntervalMinutes: 60, sessions: { mode: 'weekly', count: 4 } },
  );
  config.members!.find((m) => m.id === 'bo')!.overrides = [{ date: '2026-12-29', intervals: [] }];
  config.pages!.push({
    slug: 'courses',
    title: 'Courses',
    locale: 'en-US',
    entries: [
      { event: 'course', host: { member: 'ana' } },
      { event: 'upto', host: { member: 'ana' } },
      { event: 'advising', host: { member: 'bo' } },
    ],
  });
  config.pages!.push({ slug: 'advising', title: 'Advising', locale: 'en-US', entries: [{ event: 'advising', host: { pool: 'sales' } }] });
  return config;
}

const request = (event: string, start: string, more: Record<string, unknown> = {}) => ({ ...demoRequest(start), event, answers: {}, ...more });

describe.each(backends.map((b) => [b.name, b] as const))('sessions on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, courseConfig());
    ({ app } = testApp(store));
  });

  const book = async (body: unknown, page = 'courses') => {
    const res = await postJson(app, `/api/v1/pages/${page}/bookings`, body);
    return { status: res.status, body: await res.json() };
  };
  const rows = () => store.db.selectFrom('bookings').select(['id', 'series_id', 'start_at', 'status']).orderBy('start_at').execute();
  const outbox = () => store.db.selectFrom('outbox').select(['booking_id', 'kind', 'topic', 'payload']).execute();

  it('tells the page what each entry takes', async () => {
    const page = await (await app.request('/api/v1/pages/courses')).json();
    expect(page.entries.map((e: { sessions?: unknown }) => e.sessions)).toEqual([
      { mode: 'pick', count: 3, exact: true },
      { mode: 'pick', count: 3, exact: false },
      { mode: 'weekly', count: 4 },
    ]);
  });

  it('books every picked time as one series, managed with one token', async () => {
    const starts = ['2026-12-01T09:00:00Z', '2026-12-03T14:00:00Z', '2026-12-08T10:00:00Z'];
    const { status, body } = await book(request('course', starts[0]!, { starts }));
    expect(status).toBe(201);
    expect(body.sessions.map((s: { start: string }) => s.start)).toEqual(starts);
    const stored = await rows();
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((r) => r.series_id)).size).toBe(1);
    expect(stored[0]!.series_id).not.toBeNull();
    for (const session of body.sessions) {
      const read = await (await app.request(`/api/v1/bookings/${session.id}?token=${tokenOf(body)}`)).json();
      expect(read.sessions).toHaveLength(3);
    }
  });

  it('refuses the whole request when one picked time is taken, storing and sending nothing', async () => {
    expect((await book(request('course', '2026-12-03T14:00:00Z', { starts: ['2026-12-03T14:00:00Z', '2026-12-04T14:00:00Z', '2026-12-05T14:00:00Z'], email: 'first@example.org' }))).status).toBe(201);
    const before = { bookings: (await rows()).length, outbox: (await outbox()).length };
    const refused = await book(request('course', '2026-12-01T09:00:00Z', { starts: ['2026-12-01T09:00:00Z', '2026-12-03T14:00:00Z', '2026-12-08T10:00:00Z'] }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('slot_unavailable');
    expect((await rows()).length).toBe(before.bookings);
    expect((await outbox()).length).toBe(before.outbox);
  });

  it('checks the count, the order and overlaps of the picks', async () => {
    const two = await book(request('course', '2026-12-01T09:00:00Z', { starts: ['2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z'] }));
    expect(two.status).toBe(422);
    expect(two.body.error.fields).toEqual({ starts: 'this event takes exactly 3 sessions' });
    const order = await book(request('course', '2026-12-02T09:00:00Z', { starts: ['2026-12-02T09:00:00Z', '2026-12-01T09:00:00Z', '2026-12-03T09:00:00Z'] }));
    expect(order.body.error.fields).toEqual({ starts: 'the starts must be in order, each once' });
    const overlap = await book(request('upto', '2026-12-01T09:00:00Z', { starts: ['2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z'] }));
    expect(overlap.body.error.fields).toEqual({ starts: 'two sessions overlap' });
    const first = await book(request('course', '2026-12-05T09:00:00Z', { starts: ['2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z'] }));
    expect(first.body.error.fields).toEqual({ starts: 'the first of the starts must be the start' });
    const single = await book({ ...demoRequest('2026-12-01T09:00:00Z'), starts: ['2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z'] }, 'sales');
    expect(single.body.error.fields).toEqual({ starts: 'this event takes one start' });
    expect(await rows()).toEqual([]);
    // Up to three: one alone is a series of one.
    const one = await book(request('upto', '2026-12-01T09:00:00Z'));
    expect(one.status).toBe(201);
    expect(one.body.sessions).toHaveLength(1);
  });

  it('offers a weekly series only where every week is free, and lists its sessions with each slot', async () => {
    const slots = (await (await app.request('/api/v1/pages/courses/slots?event=advising&from=2026-12-08&to=2026-12-09&timezone=UTC')).json()).slots;
    // Bo is away on Tuesday 29 December, the fourth week of a series from Tuesday 8 December.
    const starts = slots.map((s: { start: string }) => s.start);
    expect(starts.filter((s: string) => s.startsWith('2026-12-08'))).toEqual([]);
    expect(starts.filter((s: string) => s.startsWith('2026-12-09'))).toHaveLength(8);
    expect(slots[0].sessions).toEqual(['2026-12-09T09:00:00Z', '2026-12-16T09:00:00Z', '2026-12-23T09:00:00Z', '2026-12-30T09:00:00Z']);
    const away = await book(request('advising', '2026-12-08T09:00:00Z'));
    expect(away.status).toBe(409);
    const { status, body } = await book(request('advising', '2026-12-09T09:00:00Z'));
    expect(status).toBe(201);
    expect(body.sessions.map((s: { start: string }) => s.start)).toEqual(slots[0].sessions);
  });

  it('gives a pool’s series to one member for every week', async () => {
    const { body } = await book(request('advising', '2026-12-08T10:00:00Z'), 'advising');
    expect(body.sessions).toHaveLength(4);
    // Ana (first in line) is free every week; Bo is away in the fourth.
    expect(new Set(body.sessions.map((s: { hosts: { name: string }[] }) => s.hosts[0]!.name))).toEqual(new Set(['Ana Silva']));
  });

  it('cancels one session, then all that are left, telling the customer once for all', async () => {
    const { body } = await book(request('advising', '2026-12-02T09:00:00Z'));
    const token = tokenOf(body);
    const [first, second] = body.sessions;
    const one = await postJson(app, `/api/v1/bookings/${second.id}/cancel`, { token, scope: 'one' });
    expect(one.status).toBe(200);
    expect((await rows()).map((r) => r.status)).toEqual(['confirmed', 'cancelled', 'confirmed', 'confirmed']);
    const all = await postJson(app, `/api/v1/bookings/${first.id}/cancel`, { token, scope: 'all' });
    expect(all.status).toBe(200);
    expect((await all.json()).sessions.map((s: { status: string }) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const cancellations = (await outbox())
      .filter((r) => r.topic === 'booking.cancelled' && r.kind === 'email')
      .map((r) => JSON.parse(r.payload) as OutboxPayload)
      .filter((p) => p.kind === 'email' && 'to' in p && 'role' in p.to && p.to.role === 'customer');
    // One for the single session, one for the three cancelled together, listing them.
    expect(cancellations).toHaveLength(2);
    const together = emailOf(cancellations[1]! as Parameters<typeof emailOf>[0]);
    expect(together.text).toContain('Sessions (3)');
    expect(together.invite!.content.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    const nothingLeft = await postJson(app, `/api/v1/bookings/${first.id}/cancel`, { token, scope: 'all' });
    expect(nothingLeft.status).toBe(409);
  });

  it('sends one confirmation over SMTP listing every session, with one invite event per session', async () => {
    const { body } = await book(request('advising', '2026-12-02T09:00:00Z', { email: 'zoe@example.org' }));
    const smtp = await startSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'kairos@example.com', publicUrl: 'http://kairos.test' });
    try {
      await deliverDue(store, NOW, { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
      const toZoe = smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes('zoe@example.org'));
      const toBo = smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes('bo@example.com'));
      expect(toZoe).toHaveLength(1);
      expect(toBo).toHaveLength(1);
      expect(toZoe[0]!.text).toContain('Sessions (4)');
      for (const day of ['December 2', 'December 9', 'December 16', 'December 23']) expect(toZoe[0]!.text).toContain(day);
      const ics = toZoe[0]!.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString();
      const uids = ics.replace(/\r\n[ \t]/g, '').match(/^UID:.*$/gm)!;
      expect(new Set(uids).size).toBe(4);
      expect(body.sessions).toHaveLength(4);
      // Bo's copy, in French, lists the same four.
      expect(toBo[0]!.text).toContain('Séances (4)');
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('racing series on %s', (name, backend) => {
  /** Two servers on one database: on PostgreSQL, two stores with their own connection pools, as two processes have. */
  const twoServers = async () => {
    if (name === 'sqlite') {
      const store = await backend.open({ file: true, poolSize: 10 });
      await seed(store, courseConfig());
      const { app } = testApp(store);
      return { store, apps: [app, app] };
    }
    const schema = `kairos_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const one = await openStore(PG_URL, { schema, poolSize: 5 });
    const two = await openStore(PG_URL, { schema, poolSize: 5 });
    closers.push(async () => {
      await one.close();
      await two.close();
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    });
    await seed(one, courseConfig());
    return { store: one, apps: [testApp(one).app, testApp(two).app] };
  };
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('gives a week both series want to exactly one of them, and nothing at all of the other', async () => {
    const { store, apps } = await twoServers();
    // Series from 2 and from 9 December share three weeks; twenty requests of each, half on each server.
    const bodies = Array.from({ length: 40 }, (_, i) => request('advising', i % 2 ? '2026-12-02T09:00:00Z' : '2026-12-09T09:00:00Z', { email: `c${i}@example.org` }));
    const responses = await Promise.all(bodies.map((b, i) => postJson(apps[i % 2 === 0 ? 0 : 1]!, '/api/v1/pages/courses/bookings', b)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(new Set(statuses.filter((s) => s !== 201))).toEqual(new Set([409]));
    const held = await store.db.selectFrom('bookings').select(['start_at', 'series_id']).where('status', '=', 'confirmed').execute();
    expect(held).toHaveLength(4);
    expect(new Set(held.map((h) => h.series_id)).size).toBe(1);
  });
});
