/**
 * GDPR export and erasure, end to end through the admin API: bookings made through the public
 * API, emails and webhooks delivered by the outbox worker, then the customer exported and erased —
 * and every text column of every table read back to prove nothing of them is left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PoolStats } from '../../../shared/api-schemas.js';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { needlesIn } from '../support/needles.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';

afterAll(disposeStores);

/** What Zoé gave, in every form it could be stored in: none of it may survive her erasure. */
const zoe = {
  name: 'Zoé Clientèle',
  email: 'zoe.gdpr@example.org',
  phone: '+33 1 98 76 54 32',
  company: 'Zoecorp Unlimited',
  utm: 'zoe-newsletter-42',
  reason: 'Zoé has a dentist appointment',
  // Someone she invited along: her data as much as her own address is.
  guest: 'sam.guest-of-zoe@example.com',
};
const max = { name: 'Max Otherperson', email: 'max.other@example.net', company: 'Othercorp Limited' };

let receiver: Server;
let hookUrl: string;
beforeEach(async () => {
  receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterEach(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe.each(backends.map((b) => [b.name, b] as const))('GDPR on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let outboxDir: string;
  let zoeBookings: { id: string; manageUrl: string }[];
  let maxBooking: string;

  beforeEach(async () => {
    store = await backend.open();
    const config = teamConfig();
    config.eventTypes![0]!.reminders = [{ minutesBefore: 60 }];
    config.eventTypes![0]!.guests = { max: 2 };
    config.webhooks = [{ url: hookUrl, events: ['booking.created', 'booking.cancelled'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }];
    await seed(store, config);
    let clock: ReturnType<typeof testApp>['clock'];
    ({ app, clock } = testApp(store));
    outboxDir = mkdtempSync(join(tmpdir(), 'kairos-gdpr-'));

    const book = async (body: Record<string, unknown>) => {
      const response = await postJson(app, '/api/v1/pages/sales/bookings', body);
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; manageUrl: string };
    };
    const asZoe = { name: zoe.name, phone: zoe.phone, guests: [zoe.guest], answers: { company: zoe.company, country: 'US' }, source: { utm_source: zoe.utm } };
    zoeBookings = [
      await book(demoRequest('2026-12-01T09:00:00Z', { ...asZoe, email: zoe.email })),
      // The same person, typing her address in another case.
      await book(demoRequest('2026-12-02T09:00:00Z', { ...asZoe, email: zoe.email.toUpperCase() })),
      await book(demoRequest('2026-12-03T09:00:00Z', { ...asZoe, email: zoe.email })),
    ];
    maxBooking = (await book(demoRequest('2026-12-01T10:00:00Z', { name: max.name, email: max.email, answers: { company: max.company, country: 'US' } }))).id;
    clock.now += 60_000;
    const cancel = await postJson(app, `/api/v1/bookings/${zoeBookings[2]!.id}/cancel`, { token: tokenOf(zoeBookings[2]!), reason: zoe.reason });
    expect(cancel.status).toBe(200);

    // Confirmations, cancellations and webhooks go out; the reminders stay queued for December.
    const mailer = createMailer({ outboxDir, mailFrom: 'k@example.com', publicUrl: 'http://kairos.test' });
    const report = await deliverDue(store, clock.now, { mailer, webhooks: webhookDirectory(store.db), log: silentLog, batchSize: 100 });
    mailer.close();
    expect(report.sent).toBeGreaterThan(8);
    expect(report.retrying + report.failed).toBe(0);
  });
  afterEach(() => rmSync(outboxDir, { recursive: true, force: true }));

  const exportOf = async (email: string) => {
    const response = await admin(app, 'GET', `/api/v1/admin/customers/${encodeURIComponent(email)}/export`);
    expect(response.status).toBe(200);
    return { response, body: (await response.json()) as ExportBody };
  };
  const poolStats = async () => (await (await admin(app, 'GET', '/api/v1/admin/pools/sales/stats')).json()) as PoolStats;

  it('exports every booking of the customer, whatever the case of the address, and nothing of anyone else', async () => {
    const { response, body } = await exportOf('Zoe.GDPR@Example.org');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="kairos-${zoe.email}.json"`);
    expect(body.email).toBe(zoe.email);
    expect(body.bookings.map((b) => b.id).sort()).toEqual(zoeBookings.map((b) => b.id).sort());
    expect(body.bookings[0]).toMatchObject({ name: zoe.name, phone: zoe.phone, guests: [zoe.guest], answers: { company: zoe.company, consent: true }, source: { utm_source: zoe.utm } });
    const cancelled = body.bookings.find((b) => b.id === zoeBookings[2]!.id)!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.activity.map((a) => [a.type, a.actor])).toEqual([
      ['created', 'customer'],
      ['cancelled', 'customer'],
    ]);
    expect(cancelled.activity[1]!.data).toMatchObject({ reason: zoe.reason });

    const sentToHer = body.notifications.filter((n) => n.recipient === 'customer' && n.status === 'sent');
    expect(sentToHer.map((n) => n.template).sort()).toEqual(['cancelled', 'confirmed', 'confirmed', 'confirmed']);
    expect(sentToHer.every((n) => n.sentAt !== null)).toBe(true);
    const sentToHerGuest = body.notifications.filter((n) => n.recipient === 'guest' && n.status === 'sent');
    expect(sentToHerGuest.map((n) => n.template).sort()).toEqual(['cancelled', 'confirmed', 'confirmed', 'confirmed']);
    expect(body.notifications.some((n) => n.kind === 'webhook' && n.status === 'sent')).toBe(true);
    expect(body.notifications.some((n) => n.template === 'reminder' && n.status === 'pending')).toBe(true);
    expect(body.consents).toHaveLength(3);
    expect(body.consents[0]).toMatchObject({ field: 'consent', label: 'I agree', given: true });

    const text = JSON.stringify(body);
    expect(text).not.toContain(max.name);
    expect(text).not.toContain(maxBooking);
    // Neither the manage links of sent emails nor those of queued ones.
    expect(text).not.toContain('token');
  });

  it('exports empty lists for an address nothing is stored about', async () => {
    const { body } = await exportOf('nobody@example.org');
    expect(body).toMatchObject({ email: 'nobody@example.org', bookings: [], notifications: [], consents: [] });
  });

  it('erases every trace of the customer, keeps the bookings, the other customer and the pool stats', async () => {
    const statsBefore = await poolStats();
    expect((await needlesIn(store, Object.values(zoe))).length).toBeGreaterThan(0);

    const response = await admin(app, 'DELETE', `/api/v1/admin/customers/${encodeURIComponent(zoe.email)}`);
    expect(response.status).toBe(200);
    const { erased } = (await response.json()) as { erased: { bookings: number; outboxRows: number; activityEntries: number } };
    expect(erased.bookings).toBe(3);
    expect(erased.outboxRows).toBeGreaterThan(10);
    expect(erased.activityEntries).toBe(4);

    expect(await needlesIn(store, Object.values(zoe))).toEqual([]);
    expect(await poolStats()).toEqual(statsBefore);
    const bookings = await store.db.selectFrom('bookings').select(['id', 'status', 'start_at']).where('id', 'in', zoeBookings.map((b) => b.id)).orderBy('start_at').execute();
    expect(bookings.map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'cancelled']);

    // Max is untouched: his booking, its emails, its activity.
    const his = await exportOf(max.email);
    expect(his.body.bookings).toMatchObject([{ id: maxBooking, name: max.name, email: max.email, answers: { company: max.company } }]);
    expect(his.body.notifications.length).toBeGreaterThan(0);
    expect((await needlesIn(store, Object.values(max))).length).toBeGreaterThan(0);

    // Her address now finds nothing, and a second erase erases nothing.
    expect((await exportOf(zoe.email)).body.bookings).toEqual([]);
    expect(await (await admin(app, 'DELETE', `/api/v1/admin/customers/${encodeURIComponent(zoe.email)}`)).json()).toEqual({
      erased: { bookings: 0, outboxRows: 0, activityEntries: 0 },
    });
  });

  it('records each export and erase in the activity, with booking ids and counts but nothing personal', async () => {
    await exportOf(zoe.email);
    await admin(app, 'DELETE', `/api/v1/admin/customers/${encodeURIComponent(zoe.email)}`);
    const entries = await store.db.selectFrom('activity').select(['booking_id', 'type', 'actor', 'data']).where('type', 'like', 'customer_%').orderBy('at').orderBy('type').execute();
    const ids = zoeBookings.map((b) => b.id);
    expect(entries.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }))).toEqual([
      { booking_id: null, type: 'customer_erased', actor: 'admin', data: { bookings: expect.arrayContaining(ids), outboxRows: expect.any(Number), activityEntries: 4 } },
      { booking_id: null, type: 'customer_exported', actor: 'admin', data: { bookings: expect.arrayContaining(ids) } },
    ]);
  });

  it('sends an erased customer nothing when their booking changes afterwards; its members are still told', async () => {
    await admin(app, 'DELETE', `/api/v1/admin/customers/${encodeURIComponent(zoe.email)}`);
    const [booking] = zoeBookings;
    expect((await postJson(app, `/api/v1/bookings/${booking!.id}/cancel`, { token: tokenOf(booking!) })).status).toBe(200);
    const rows = await store.db.selectFrom('outbox').select(['kind', 'payload']).where('booking_id', '=', booking!.id).execute();
    const emails = rows.filter((r) => r.kind === 'email').map((r) => JSON.parse(r.payload) as { to: { role: string } });
    expect(emails.map((e) => e.to.role)).toEqual(['member']);
    expect(await needlesIn(store, Object.values(zoe))).toEqual([]);
  });

  it('answers an address that is not one 404, and a member key 403, on both routes', async () => {
    const notOne = await admin(app, 'GET', '/api/v1/admin/customers/not-an-email/export');
    expect(notOne.status).toBe(404);
    expect(((await notOne.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await admin(app, 'DELETE', '/api/v1/admin/customers/not-an-email')).status).toBe(404);

    const { key } = (await (await admin(app, 'POST', '/api/v1/admin/members/ana/key')).json()) as { key: string };
    const asMember = { authorization: `Bearer ${key}` };
    for (const [method, path] of [
      ['GET', `/api/v1/admin/customers/${zoe.email}/export`],
      ['DELETE', `/api/v1/admin/customers/${zoe.email}`],
    ] as const) {
      const response = await app.request(path, { method, headers: asMember });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect((await exportOf(zoe.email)).body.bookings).toHaveLength(3);
  });
});

interface ExportBody {
  email: string;
  bookings: ({ id: string; status: string; name: string; activity: { type: string; actor: string; data: Record<string, unknown> }[] } & Record<string, unknown>)[];
  notifications: { kind: string; template: string | null; recipient: string | null; status: string; sentAt: string | null }[];
  consents: { field: string; label: string; given: boolean }[];
}
