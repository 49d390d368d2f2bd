import { mkdtempSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, deliverDue, enqueue, startOutboxWorker } from '../../../server/notify/index.js';
import { claimDue, settle } from '../../../server/notify/outbox.js';
import { emailGiveUpAfterMs, retryDelay } from '../../../server/notify/retry-schedule.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { member, minutes, seedBooking, seedConfig, silentLog, startSmtp, T0 } from '../support/notify-fixtures.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import { bookingChange } from '../support/booking-change.js';

const publicUrl = 'https://book.example.com';
const mailFrom = 'k@example.com';
let store: Store;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  await seedConfig(store.db, { members: [member({ id: 'ana' })] });
  await seedBooking(store.db, { members: [] });
});
afterEach(() => store.close());

const customerEmail = async () => enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
const row = () => store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();

describe('retry schedule', () => {
  it('spaces email retries by doubling from a minute up to two hours', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((failures) => retryDelay('email', failures, 0))).toEqual([
      60e3, 120e3, 240e3, 480e3, 3840e3, 7200e3, 7200e3,
    ]);
  });

  it('follows the Standard Webhooks schedule and stops after eight attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => retryDelay('webhook', failures, 0))).toEqual([
      5e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 36000e3, null,
    ]);
  });

  it('keeps an email for three days of a down mail server, then marks it failed', async () => {
    const smtp = await startSmtp();
    await smtp.close();
    await customerEmail();
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom, publicUrl });
    let current = await row();
    while (current.status === 'pending') {
      await deliverDue(store, Date.parse(current.due_at), { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
      current = await row();
    }
    mailer.close();
    expect(current.status).toBe('failed');
    expect(current.last_error).toMatch(/ECONNREFUSED/);
    const attempts = await store.db.selectFrom('outbox_attempts').select('at').orderBy('at').execute();
    expect(attempts).toHaveLength(current.attempts);
    const span = Date.parse(attempts.at(-1)!.at) - T0;
    expect(span).toBeLessThanOrEqual(emailGiveUpAfterMs);
    expect(span).toBeGreaterThan(emailGiveUpAfterMs - 2 * 3600e3);
  });
});

describe('claiming outbox rows', () => {
  it('hands a due row to one claim only, and takes it back when the lease runs out', async () => {
    await customerEmail();
    const first = await claimDue(store, T0, { limit: 10, leaseMs: minutes(5) });
    expect(first).toHaveLength(1);
    expect(await claimDue(store, T0 + minutes(4), { limit: 10, leaseMs: minutes(5) })).toEqual([]);

    // The first worker died: after its lease, another worker takes the row.
    const second = await claimDue(store, T0 + minutes(5), { limit: 10, leaseMs: minutes(5) });
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    // A late answer from the first worker must not settle a row it no longer holds.
    await settle(store.db, first[0], T0 + minutes(6), { ok: true });
    expect(await row()).toMatchObject({ status: 'pending', locked_until: second[0].locked_until });
    await settle(store.db, second[0], T0 + minutes(6), { ok: true });
    expect(await row()).toMatchObject({ status: 'sent', attempts: 1, sent_at: new Date(T0 + minutes(6)).toISOString() });
  });

  it('claims nothing that is not due yet', async () => {
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0 + minutes(1), publicUrl }));
    expect(await claimDue(store, T0, { limit: 10, leaseMs: 1000 })).toEqual([]);
  });
});

describe('the outbox worker', () => {
  it('delivers what falls due while it runs', async () => {
    const outboxDir = mkdtempSync(join(tmpdir(), 'kairos-outbox-'));
    let now = T0 - minutes(1);
    const worker = startOutboxWorker({ store, webhooks: webhookDirectory(store.db), outboxDir, mailFrom, publicUrl, log: silentLog, intervalMs: 5, now: () => now });
    await customerEmail();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(outboxDir)).toEqual([]);
    now = T0;
    for (let i = 0; i < 200 && (await row()).status !== 'sent'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await worker.stop();
    expect(readdirSync(outboxDir)).toEqual([`${(await row()).id}.eml`]);
  });

  it('finishes the batch in flight when stopped', async () => {
    let arrived!: () => void;
    const arriving = new Promise<void>((resolve) => (arrived = resolve));
    const slow = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          arrived();
          setTimeout(callback, 200);
        });
      },
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    await customerEmail();
    const smtpUrl = `smtp://127.0.0.1:${(slow.server.address() as AddressInfo).port}`;
    const worker = startOutboxWorker({ store, webhooks: webhookDirectory(store.db), smtpUrl, mailFrom, publicUrl, log: silentLog, intervalMs: 5, now: () => T0 });
    await arriving;
    await worker.stop();
    expect(await row()).toMatchObject({ status: 'sent', attempts: 1 });
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });
});

describe('the manage link in a queued email', () => {
  const withToken = async () => enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl, manageToken: 'tok-secret-123' }));

  it('is in the customer’s rows only, never in a member’s', async () => {
    await seedBooking(store.db, { id: 'bk2', members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk2', now: T0, publicUrl, manageToken: 'tok-secret-456' }));
    const rows = await store.db.selectFrom('outbox').select('payload').where('booking_id', '=', 'bk2').execute();
    const byRole = rows.map((r) => JSON.parse(r.payload) as { to: { role: string } }).map((p, i) => [p.to.role, rows[i]!.payload.includes('tok-secret-456')]);
    expect(byRole).toEqual([
      ['customer', true],
      ['member', false],
    ]);
  });

  it('is kept while the email waits for a retry, sent in it, and dropped from the row once sent', async () => {
    await withToken();
    const down = await startSmtp();
    await down.close();
    const failing = createMailer({ smtpUrl: down.url, mailFrom, publicUrl });
    await deliverDue(store, T0, { mailer: failing, webhooks: webhookDirectory(store.db), log: silentLog });
    failing.close();
    expect((await row()).status).toBe('pending');
    expect((await row()).payload).toContain('tok-secret-123');

    const smtp = await startSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom, publicUrl });
    try {
      await deliverDue(store, Date.parse((await row()).due_at), { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.text).toContain('https://book.example.com/manage/bk1?token=tok-secret-123');
      const sent = await row();
      expect(sent.status).toBe('sent');
      expect(sent.payload).not.toContain('tok-secret-123');
      // The rest of what was sent stays on record.
      expect(JSON.parse(sent.payload)).toMatchObject({ kind: 'email', template: 'confirmed', to: { email: 'claire@example.org' } });
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('is dropped from the row once the email is given up', async () => {
    await withToken();
    const down = await startSmtp();
    await down.close();
    const failing = createMailer({ smtpUrl: down.url, mailFrom, publicUrl });
    try {
      // Three days after it was queued, a failure is final.
      await deliverDue(store, T0 + 3 * 24 * 3600e3, { mailer: failing, webhooks: webhookDirectory(store.db), log: silentLog });
    } finally {
      failing.close();
    }
    const failed = await row();
    expect(failed.status).toBe('failed');
    expect(failed.payload).not.toContain('tok-secret-123');
  });
});
