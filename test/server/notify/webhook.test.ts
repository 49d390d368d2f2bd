import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMailer, deliverDue, enqueue } from '../../../server/notify/index.js';
import { webhookDelaysMs } from '../../../server/notify/retry-schedule.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { member, seedBooking, seedConfig, seedWebhook, silentLog, T0 } from '../support/notify-fixtures.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import { secretKeysFrom } from '../../../server/store/sealed-secrets.js';
import { forgetSecretKeys, secretKeys, useSecretKeys } from '../../../server/store/secret-keys.js';
import { bookingChange } from '../support/booking-change.js';

const secret = `whsec_${Buffer.from('kairos-test-secret-of-32-bytes!!').toString('base64')}`;
const publicUrl = 'https://book.example.com';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** What standardwebhooks made of it on arrival (the clock then is the delivery's `now`). */
  verified: unknown;
}

/** A webhook receiver on a random loopback port that answers with the queued statuses, then 200. */
async function startReceiver() {
  const received: Delivery[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      let verified: unknown;
      try {
        verified = new Webhook(secret).verify(body, request.headers as Record<string, string>);
      } catch (error) {
        verified = error;
      }
      received.push({ headers: request.headers, body, verified });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let store: Store;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let outboxDir: string;

beforeEach(async () => {
  // Only Date is faked: the signature check of standardwebhooks reads the clock, which the tests drive.
  vi.useFakeTimers({ toFake: ['Date'] });
  outboxDir = mkdtempSync(join(tmpdir(), 'kairos-outbox-'));
  store = await openStore('sqlite::memory:');
  receiver = await startReceiver();
  await seedConfig(store.db, { members: [member({ id: 'ana' })] });
  await seedBooking(store.db);
});

afterEach(async () => {
  vi.useRealTimers();
  await receiver.close();
  await store.close();
});

async function deliverAt(at: number) {
  vi.setSystemTime(at);
  return deliverDue(store, at, { mailer: createMailer({ outboxDir, mailFrom: 'k@example.com', publicUrl }), webhooks: webhookDirectory(store.db), log: silentLog, batchSize: 50 });
}

async function webhookRows() {
  return store.db.selectFrom('outbox').selectAll().where('kind', '=', 'webhook').execute();
}

describe('webhooks', () => {
  it('posts the change signed per Standard Webhooks, to subscribed receivers only', async () => {
    await seedWebhook(store.db, 'crm', { url: receiver.url, events: ['booking.created', 'booking.cancelled'], secret });
    await seedWebhook(store.db, 'billing', { url: `${receiver.url}/billing`, events: ['booking.cancelled'], secret });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    await deliverAt(T0);

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery.verified).toMatchObject({
      type: 'booking.created',
      timestamp: new Date(T0).toISOString(),
      data: { booking: { id: 'bk1', status: 'confirmed', event: 'demo', start: '2026-12-03T09:00:00.000Z', customer: { name: 'Claire Dupont' } } },
    });
    expect(delivery.headers['webhook-timestamp']).toBe(String(T0 / 1000));
    const [row] = await webhookRows();
    expect(delivery.headers['webhook-id']).toBe(row.id);
    // Signed with the secret the row holds only sealed.
    const stored = await store.db.selectFrom('webhooks').select('data').execute();
    expect(stored.map((r) => JSON.parse(r.data).secret)).toEqual([expect.stringMatching(/^sealed:v1:/), expect.stringMatching(/^sealed:v1:/)]);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(() => new Webhook(`whsec_${Buffer.from('another-secret-entirely-32-bytes').toString('base64')}`).verify(delivery.body, delivery.headers as Record<string, string>)).toThrow();
  });

  it('retries a receiver that is down on the Standard Webhooks schedule and delivers each webhook-id once', async () => {
    await seedWebhook(store.db, 'crm', { url: receiver.url, events: ['booking.created'], secret });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    receiver.statuses.push(503, 503);

    expect(await deliverAt(T0)).toMatchObject({ retrying: 1, sent: 2 });
    expect(await deliverAt(T0 + 4_999)).toMatchObject({ claimed: 0 });
    expect(await deliverAt(T0 + 5_000)).toMatchObject({ retrying: 1 });
    expect(await deliverAt(T0 + 5_000 + 5 * 60_000 - 1)).toMatchObject({ claimed: 0 });
    expect(await deliverAt(T0 + 5_000 + 5 * 60_000)).toMatchObject({ sent: 1 });
    expect(await deliverAt(T0 + 24 * 3600_000)).toMatchObject({ claimed: 0 });

    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((d) => d.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(receiver.received.map((d) => d.body)).size).toBe(1);
    for (const delivery of receiver.received) expect(delivery.verified).toMatchObject({ type: 'booking.created' });
    const [row] = await webhookRows();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    const attempts = await store.db.selectFrom('outbox_attempts').select(['ok', 'error']).where('outbox_id', '=', row.id).orderBy('at').execute();
    expect(attempts).toEqual([
      { ok: 0, error: 'HTTP 503' },
      { ok: 0, error: 'HTTP 503' },
      { ok: 1, error: null },
    ]);
  });

  it('gives up after the eighth failed attempt', async () => {
    await seedWebhook(store.db, 'crm', { url: receiver.url, events: ['booking.created'], secret });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    receiver.statuses.push(...Array(10).fill(500));
    let at = T0;
    await deliverAt(at);
    for (const delay of webhookDelaysMs) {
      at += delay;
      expect(await deliverAt(at)).toMatchObject({ claimed: 1 });
    }
    expect(receiver.received).toHaveLength(8);
    const [row] = await webhookRows();
    expect(row).toMatchObject({ status: 'failed', attempts: 8, last_error: 'HTTP 500' });
    expect(await deliverAt(at + 30 * 24 * 3600_000)).toMatchObject({ claimed: 0 });
  });

  it('disables a webhook that answers 410 Gone and sends it nothing more', async () => {
    await seedWebhook(store.db, 'crm', { url: receiver.url, events: ['booking.created', 'booking.cancelled'], secret });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.cancelled', bookingId: 'bk1', now: T0 + 1, publicUrl }));
    receiver.statuses.push(410);
    await deliverAt(T0);

    expect(await store.db.selectFrom('webhooks').select('disabled').executeTakeFirstOrThrow()).toEqual({ disabled: 1 });
    expect(await deliverAt(T0 + 1)).toMatchObject({ failed: 1 });
    expect(receiver.received).toHaveLength(1);
    const rows = await webhookRows();
    expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'failed']);
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.cancelled', bookingId: 'bk1', now: T0 + 2, publicUrl }));
    expect(await webhookRows()).toHaveLength(2);
  });

  it('retries a receiver that cannot be reached at all', async () => {
    const url = receiver.url;
    await receiver.close();
    await seedWebhook(store.db, 'crm', { url, events: ['booking.created'], secret });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    expect(await deliverAt(T0)).toMatchObject({ retrying: 1, sent: 2 });
    const [row] = await webhookRows();
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(row.due_at).toBe(new Date(T0 + 5_000).toISOString());
    receiver = await startReceiver();
  });

  it('sends nothing while the webhook’s secret does not open, and delivers once the key is back', async () => {
    await seedWebhook(store.db, 'crm', { url: receiver.url, events: ['booking.created'], secret });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    const original = secretKeys();
    forgetSecretKeys();
    useSecretKeys(secretKeysFrom([Buffer.alloc(32, 9).toString('base64')], 'test'));
    try {
      await store.db.updateTable('webhooks').set({ updated_at: new Date(T0 + 1).toISOString() }).execute();
      expect(await deliverAt(T0)).toMatchObject({ retrying: 1 });
      expect(receiver.received).toHaveLength(0);
      const [row] = await webhookRows();
      expect(row.last_error).toMatch(/^webhook "crm": secret sealed with key [0-9a-f]{8}, which this server does not hold/);
    } finally {
      forgetSecretKeys();
      useSecretKeys(original);
    }
    await store.db.updateTable('webhooks').set({ updated_at: new Date(T0 + 2).toISOString() }).execute();
    expect(await deliverAt(T0 + 5_000)).toMatchObject({ sent: 1 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.verified).toMatchObject({ type: 'booking.created' });
  });
});
