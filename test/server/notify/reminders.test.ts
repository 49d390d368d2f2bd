import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, deliverDue, emailOf, enqueue } from '../../../server/notify/index.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { eventType, member, minutes, seedBooking, seedConfig, silentLog, T0 } from '../support/notify-fixtures.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import { bookingChange } from '../support/booking-change.js';

const publicUrl = 'https://book.example.com';
const start = '2026-12-03T09:00:00.000Z';
const startMs = Date.parse(start);
let store: Store;
let outboxDir: string;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  outboxDir = mkdtempSync(join(tmpdir(), 'kairos-outbox-'));
  await seedConfig(store.db, {
    members: [member({ id: 'ana', locale: 'de', timezone: 'Europe/Berlin' })],
    eventTypes: [eventType({ reminders: [{ minutesBefore: 24 * 60 }, { minutesBefore: 60 }] })],
  });
});
afterEach(() => store.close());

async function reminders() {
  return store.db
    .selectFrom('outbox')
    .select(['due_at', 'status', 'payload'])
    .where('topic', '=', 'reminder')
    .orderBy('due_at')
    .orderBy('created_at')
    .execute()
    .then((rows) => rows.map((r) => ({ dueAt: r.due_at, status: r.status, email: emailOf(JSON.parse(r.payload)) })))
    .then((rows) => rows.map(({ dueAt, status, email }) => ({ dueAt, status, to: email.to.address, subject: email.subject })));
}

const deliverAt = (at: number) => deliverDue(store, at, { mailer: createMailer({ outboxDir, mailFrom: 'k@example.com', publicUrl }), webhooks: webhookDirectory(store.db), log: silentLog });

describe('reminders', () => {
  it('plans one reminder per recipient at start minus each minutesBefore, in their language', async () => {
    await seedBooking(store.db, { start, members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    const planned = await reminders();
    expect(planned.map(({ dueAt, to }) => ({ dueAt, to }))).toEqual([
      { dueAt: new Date(startMs - minutes(24 * 60)).toISOString(), to: 'claire@example.org' },
      { dueAt: new Date(startMs - minutes(24 * 60)).toISOString(), to: 'ana@example.com' },
      { dueAt: new Date(startMs - minutes(60)).toISOString(), to: 'claire@example.org' },
      { dueAt: new Date(startMs - minutes(60)).toISOString(), to: 'ana@example.com' },
    ]);
    expect(planned[0].subject).toBe('Rappel\u00a0: Démo produit le jeu. 3 déc. 2026, 10:00 UTC+1');
    expect(planned[1].subject).toBe('Erinnerung: Produktdemo am Do., 3. Dez. 2026, 10:00 MEZ');
  });

  it('sends a reminder when it falls due, not before', async () => {
    await seedBooking(store.db, { start, members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    expect(await deliverAt(T0)).toMatchObject({ sent: 2 });
    expect(await deliverAt(startMs - minutes(24 * 60) - 1)).toMatchObject({ claimed: 0 });
    expect(await deliverAt(startMs - minutes(24 * 60))).toMatchObject({ sent: 2 });
    expect(await deliverAt(startMs - minutes(61))).toMatchObject({ claimed: 0 });
    expect(await deliverAt(startMs - minutes(60))).toMatchObject({ sent: 2 });
    expect(readdirSync(outboxDir)).toHaveLength(6);
  });

  it('skips reminders whose time has already passed', async () => {
    await seedBooking(store.db, { start: new Date(T0 + minutes(90)).toISOString(), members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    expect((await reminders()).map((r) => r.dueAt)).toEqual([new Date(T0 + minutes(30)).toISOString(), new Date(T0 + minutes(30)).toISOString()]);
  });

  it('waits for approval before planning reminders', async () => {
    await seedBooking(store.db, { start, status: 'pending', members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    expect(await reminders()).toEqual([]);
    await store.db.updateTable('bookings').set({ status: 'confirmed' }).execute();
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.confirmed', bookingId: 'bk1', now: T0 + minutes(5), publicUrl }));
    expect(await reminders()).toHaveLength(4);
  });

  it('cancels the pending reminders with the booking, so none is sent', async () => {
    await seedBooking(store.db, { start, members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    await deliverAt(startMs - minutes(24 * 60));
    await store.db.updateTable('bookings').set({ status: 'cancelled' }).execute();
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.cancelled', bookingId: 'bk1', now: startMs - minutes(120), publicUrl }));

    expect((await reminders()).map((r) => r.status)).toEqual(['sent', 'sent', 'cancelled', 'cancelled']);
    const sentBefore = readdirSync(outboxDir).length;
    await deliverAt(startMs);
    expect(readdirSync(outboxDir).length - sentBefore).toBe(2); // the two cancellation emails, no reminder
  });

  it('keeps no manage link in the reminders a change cancels', async () => {
    await seedBooking(store.db, { start, members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl, manageToken: 'tok-secret-789' }));
    const payloads = async (status: 'pending' | 'cancelled') =>
      (await store.db.selectFrom('outbox').select('payload').where('topic', '=', 'reminder').where('status', '=', status).execute()).map((r) => r.payload);
    expect((await payloads('pending')).filter((p) => p.includes('tok-secret-789'))).toHaveLength(2);
    await store.db.updateTable('bookings').set({ status: 'cancelled' }).execute();
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.cancelled', bookingId: 'bk1', now: T0 + 1, publicUrl }));
    const cancelled = await payloads('cancelled');
    expect(cancelled).toHaveLength(4);
    expect(cancelled.filter((p) => p.includes('tok-secret-789'))).toEqual([]);
  });

  it('moves the reminders with a reschedule', async () => {
    await seedBooking(store.db, { start, members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    const moved = '2026-12-10T15:00:00.000Z';
    await store.db.updateTable('bookings').set({ start_at: moved, end_at: '2026-12-10T15:30:00.000Z', sequence: 1 }).execute();
    await enqueue(store.db, await bookingChange(store.db, {
      type: 'booking.rescheduled',
      bookingId: 'bk1',
      now: T0 + minutes(10),
      publicUrl,
      previous: { start, end: '2026-12-03T09:30:00.000Z', members: ['ana'] },
    }));
    const all = await reminders();
    expect(all.filter((r) => r.status === 'cancelled').map((r) => r.dueAt)).toEqual([
      new Date(startMs - minutes(24 * 60)).toISOString(),
      new Date(startMs - minutes(24 * 60)).toISOString(),
      new Date(startMs - minutes(60)).toISOString(),
      new Date(startMs - minutes(60)).toISOString(),
    ]);
    const pending = all.filter((r) => r.status === 'pending');
    expect(pending.map((r) => r.dueAt)).toEqual([
      '2026-12-09T15:00:00.000Z',
      '2026-12-09T15:00:00.000Z',
      '2026-12-10T14:00:00.000Z',
      '2026-12-10T14:00:00.000Z',
    ]);
    expect(pending[1].subject).toBe('Erinnerung: Produktdemo am Do., 10. Dez. 2026, 16:00 MEZ');
  });
});
