/**
 * Notifications in the activity stream (`store/activity-stream.ts`): emails sent or given up and
 * webhooks given up appear as entries of their booking, derived from the outbox, on both stores.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { webhookDelaysMs } from '../../../server/notify/retry-schedule.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { listActivity } from '../../../server/team/list-activity.js';
import { activityQuerySchema } from '../../../shared/api-schemas.js';
import { book } from '../support/activity-data.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, NOW, seed, testApp } from '../support/fixtures.js';
import { seedWebhook, silentLog } from '../support/notify-fixtures.js';

const secret = `whsec_${Buffer.from('kairos-test-secret-of-32-bytes!!').toString('base64')}`;

/** A webhook receiver that answers 500 once (retried), then 410 Gone (given up). */
async function failingReceiver() {
  const statuses = [500, 410];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.statusCode = statuses.shift() ?? 410;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('notifications in the activity stream on %s', (_name, backend) => {
  let store: Store;
  let receiver: Awaited<ReturnType<typeof failingReceiver>>;
  let booked: { id: string; manageUrl: string };
  let other: { id: string };
  const retryAt = NOW + 60_000 + webhookDelaysMs[0]!;

  const deliver = async (now: number) => {
    const mailer = createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'kairos-outbox-')), mailFrom: 'Kairos <b@example.com>', publicUrl: 'http://kairos.test' });
    try {
      return await deliverDue(store, now, { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
    } finally {
      mailer.close();
    }
  };
  const stream = async (query: Record<string, string> = {}, actor = 'admin') =>
    (await listActivity({ store }, { actor, query: activityQuerySchema.parse(query), now: retryAt })).items;
  const summary = (entries: Awaited<ReturnType<typeof stream>>) => entries.map((e) => `${e.type} ${e.booking?.id === booked.id ? 'booked' : 'other'}`);

  beforeAll(async () => {
    store = await backend.open();
    await seed(store);
    receiver = await failingReceiver();
    await seedWebhook(store.db, 'hook', { id: 'hook', url: receiver.url, events: ['booking.created'], secret } as never);
    const { app, clock } = testApp(store);
    clock.now = NOW;
    booked = await book(app, 'sales', demoRequest('2026-12-01T10:00:00Z'));
    // Booked after the worker ran: its notifications stay pending, so it has no notification entry.
    await deliver(NOW + 60_000);
    clock.now = NOW + 120_000;
    other = await book(app, 'sales', demoRequest('2026-12-01T11:00:00Z', { name: 'Otto Other', email: 'otto@example.net' }));
  });
  afterAll(() => receiver.close());

  it('shows the emails sent for a booking as notification_sent, by system, at sent_at, with no content', async () => {
    const entries = (await stream()).filter((e) => e.type === 'notification_sent');
    expect(entries.map((e) => e.booking?.id)).toEqual([booked.id, booked.id]);
    expect(entries.map((e) => e.data).sort((a, b) => String(a.recipient).localeCompare(String(b.recipient)))).toEqual([
      { kind: 'email', template: 'confirmed', recipient: 'customer' },
      { kind: 'email', template: 'booked', recipient: 'member' },
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor: 'system', at: new Date(NOW + 60_000).toISOString() });
      expect(entry.id).toMatch(/^outbox-/);
      expect(JSON.stringify(entry)).not.toContain('token');
    }
  });

  it('shows a failing webhook only once it is given up, as webhook_failed at its final attempt', async () => {
    expect((await stream()).some((e) => e.type === 'webhook_failed')).toBe(false);
    await deliver(retryAt);
    const failed = (await stream()).filter((e) => e.type === 'webhook_failed');
    expect(failed.map((e) => ({ booking: e.booking?.id, at: e.at, actor: e.actor, data: e.data }))).toEqual([
      { booking: booked.id, at: new Date(retryAt).toISOString(), actor: 'system', data: { kind: 'webhook', topic: 'booking.created' } },
    ]);
  });

  it('merges both kinds newest first, and pages through them without gaps or repeats', async () => {
    const all = await stream();
    expect(summary(all)).toEqual([
      'created other',
      'webhook_failed booked',
      'notification_sent booked',
      'notification_sent booked',
      'created booked',
    ]);
    for (const limit of ['1', '2', '3']) {
      const seen: string[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await listActivity({ store }, { actor: 'admin', query: activityQuerySchema.parse({ limit, ...(cursor ? { cursor } : {}) }), now: retryAt });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((e) => e.id));
    }
  });

  it('narrows notification entries like any other: search, filters, a member’s own bookings', async () => {
    expect(summary(await stream({ q: 'Otto' }))).toEqual(['created other']);
    expect((await stream({ q: booked.id })).map((e) => e.type)).toEqual(['webhook_failed', 'notification_sent', 'notification_sent', 'created']);
    expect(await stream({ status: 'cancelled' })).toEqual([]);
    const assigned = (await stream()).find((e) => e.booking?.id === booked.id)!.booking!.members[0]!.id;
    const outsider = ['ana', 'bo', 'cy'].find((m) => m !== assigned && m !== 'cy')!;
    expect((await stream({}, `member:${assigned}`)).filter((e) => e.booking?.id === booked.id)).toHaveLength(4);
    expect((await stream({}, `member:${outsider}`)).filter((e) => e.booking?.id === booked.id)).toEqual([]);
    expect(other.id).not.toBe(booked.id);
  });
});
