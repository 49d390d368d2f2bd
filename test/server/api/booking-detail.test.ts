/** `GET /api/v1/admin/bookings/{id}`: the booking with its activity and emails, a member key's scope, and ids that find nothing. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { bookTheWeek, MINUTE } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, NOW, seed, testApp } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('the booking detail on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  let ids: Awaited<ReturnType<typeof bookTheWeek>>;
  const SENT = NOW + 10 * MINUTE;
  const asKey = (key: string, path: string) => test.app.request(path, { headers: { authorization: `Bearer ${key}` } });
  const issueKey = async (member: string): Promise<string> => (await (await admin(test.app, 'POST', `/api/v1/admin/members/${member}/key`)).json()).key;

  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    test = testApp(store);
    ids = await bookTheWeek(test);
    const mailer = createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'kairos-outbox-')), mailFrom: 'Kairos <b@example.com>', publicUrl: 'http://kairos.test' });
    try {
      await deliverDue(store, SENT, { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
    } finally {
      mailer.close();
    }
  });

  it('answers the booking as admins see it, with its source and answers', async () => {
    const res = await admin(test.app, 'GET', `/api/v1/admin/bookings/${ids.emea}`);
    expect(res.status).toBe(200);
    const detail = await res.json();
    expect(detail).toMatchObject({
      id: ids.emea,
      status: 'confirmed',
      name: 'Max Muster',
      phone: '+49 30 1234567',
      answers: { company: 'Globex Hamburg', country: 'FR' },
      members: [{ id: 'bo', name: 'Bo Laurent', pool: 'emea' }],
    });
    expect(detail.source).toEqual(expect.any(Object));
  });

  it('labels its form fields in the reader’s language, else the booking’s, options included', async () => {
    const labels = async (query: string) => {
      const res = await admin(test.app, 'GET', `/api/v1/admin/bookings/${ids.emea}${query}`);
      expect(res.status).toBe(200);
      return (await res.json()).fields as { id: string; label: string; options?: { value: string; label: string }[] }[];
    };
    const french = await labels('?locale=fr-CA');
    expect(french.map((f) => [f.id, f.label])).toEqual([
      ['company', 'Entreprise'],
      ['country', 'Pays'],
      ['consent', 'I agree'],
    ]);
    expect(french[1]!.options).toEqual([
      { value: 'FR', label: 'France' },
      { value: 'US', label: 'États-Unis' },
      { value: 'other', label: 'Elsewhere' },
    ]);
    // The booking was made in English.
    expect((await labels('')).map((f) => f.label)).toEqual(['Company', 'Country', 'I agree']);
  });

  it('refuses a locale that is no tag with 422 validation_failed', async () => {
    const res = await admin(test.app, 'GET', `/api/v1/admin/bookings/${ids.emea}?locale=${'x'.repeat(36)}`);
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('validation_failed');
  });

  it('lists its activity oldest first, the notifications sent included, and its emails without content', async () => {
    const detail = await (await admin(test.app, 'GET', `/api/v1/admin/bookings/${ids.cancelled}`)).json();
    const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    expect(detail.activity.map((e: { type: string; at: string; actor: string }) => `${e.type} ${e.actor} ${e.at}`)).toEqual([
      `created customer ${at(NOW + 3 * MINUTE)}`,
      `cancelled customer ${at(NOW + 4 * MINUTE)}`,
      `notification_sent system ${at(SENT)}`,
      `notification_sent system ${at(SENT)}`,
      `notification_sent system ${at(SENT)}`,
      `notification_sent system ${at(SENT)}`,
    ]);
    expect(detail.activity[1].data).toEqual({ reason: 'sick' });
    expect(detail.activity.every((e: object) => !('booking' in e))).toBe(true);
    // Emails queued together are in no meaningful order among themselves: compared as a set.
    const byText = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect([...detail.emails].sort(byText)).toEqual([
      { template: 'confirmed', recipient: 'customer', status: 'sent', sentAt: at(SENT) },
      { template: 'booked', recipient: 'member', status: 'sent', sentAt: at(SENT) },
      { template: 'cancelled', recipient: 'customer', status: 'sent', sentAt: at(SENT) },
      { template: 'cancelled', recipient: 'member', status: 'sent', sentAt: at(SENT) },
    ].sort(byText));
    expect(detail.emails.slice(0, 2).map((e: { template: string }) => e.template).sort()).toEqual(['booked', 'confirmed']);
    expect(JSON.stringify(detail)).not.toMatch(/token|manage/);
  });

  it('shows a member key the bookings its member is assigned to, and answers 404 for any other', async () => {
    const cy = await issueKey('cy');
    const own = await asKey(cy, `/api/v1/admin/bookings/${ids.request}`);
    expect(own.status).toBe(200);
    expect((await own.json()).id).toBe(ids.request);
    const others = await asKey(cy, `/api/v1/admin/bookings/${ids.emea}`);
    expect(others.status).toBe(404);
    expect((await others.json()).error.code).toBe('not_found');
  });

  it.each(['nope', 'x'.repeat(64), 'x'.repeat(65), '%27%20or%201%3D1', '..%2F..'])('answers 404 for an id that names no booking: %s', async (id) => {
    const res = await admin(test.app, 'GET', `/api/v1/admin/bookings/${id}`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('refuses a request without a key with 401', async () => {
    expect((await test.app.request(`/api/v1/admin/bookings/${ids.emea}`)).status).toBe(401);
  });
});
