/**
 * A booking's new meeting place reaching the emails (`meeting-rows.ts`): rows not sent yet are
 * rewritten to carry it; whoever was already told the old place — or is being told it right now
 * by an email a worker holds — gets one "Where to meet" email, with the invite at the new SEQUENCE.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Webhook } from '../../../server/config/schema.js';
import { emailOf, enqueue, tellLocation, type OutboxPayload } from '../../../server/notify/index.js';
import { readBooking, updateBooking } from '../../../server/store/booking-rows.js';
import { configSnapshot } from '../../../server/store/config-repository.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { bookingChange } from '../support/booking-change.js';
import { eventType, member, minutes, seedBooking, seedConfig, T0 } from '../support/notify-fixtures.js';

const publicUrl = 'https://book.example.com';
const JOIN = 'https://us02web.zoom.us/j/123';
let store: Store;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  await seedConfig(store.db, { members: [member({ id: 'ana', name: 'Ana' })], eventTypes: [eventType({ reminders: [{ minutesBefore: 60 }] })] });
  await seedBooking(store.db, { members: ['ana'], locale: 'en-US', location: { type: 'video', provider: 'zoom', joinUrlPending: true } });
  await enqueue(store.db, { ...(await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl })), meetingPending: true });
});
afterEach(() => store.close());

const rows = () => store.db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id').execute();
const emailRows = async () => (await rows()).filter((r) => r.kind === 'email').map((r) => ({ ...r, data: JSON.parse(r.payload) as Extract<OutboxPayload, { kind: 'email'; booking: unknown }> }));

const hooks: Webhook[] = [
  { id: 'crm-sync', url: 'https://hooks.example.com/kairos', events: ['booking.meeting_ready'], secret: 'whsec_test-secret' },
  { id: 'billing', url: 'https://billing.example.com/kairos', events: ['booking.created', 'booking.cancelled'], secret: 'whsec_test-secret' },
];

/** The link arrives: the booking's location and sequence change, and the news is told. */
async function linkArrives(at: number, webhooks: readonly Webhook[] = []) {
  const before = (await readBooking(store.db, 'bk1'))!;
  await updateBooking(store.db, 'bk1', { location: { type: 'video', provider: 'zoom', joinUrl: JOIN }, sequence: before.sequence + 1 }, at);
  const booking = (await readBooking(store.db, 'bk1'))!;
  const config = await configSnapshot(store.db);
  await tellLocation(store.db, { booking, event: config.eventTypes.get('demo')!, page: null, now: at, publicUrl, webhooks });
}

describe('telling a booking’s new meeting place', () => {
  it('holds the emails of a booking whose meeting is being made, and rewrites them when the link comes in time', async () => {
    const held = (await emailRows()).filter((r) => r.topic === 'booking.created');
    expect(held.map((r) => Date.parse(r.due_at) - T0)).toEqual([15_000, 15_000]);
    expect(emailOf(held[0]!.data).text).toContain('Video call (the link follows by email)');
    await linkArrives(T0 + 2_000);
    const after = await emailRows();
    expect(after.filter((r) => r.data.template === 'meetingUpdated')).toHaveLength(0);
    for (const row of after) {
      expect(row.data.booking.location).toEqual({ type: 'video', provider: 'zoom', joinUrl: JOIN });
      expect(row.data.booking.sequence).toBe(1);
    }
    expect(emailOf(after[0]!.data).text).toContain(JOIN);
  });

  it('tells separately whoever was already sent the old place, or is being sent it now', async () => {
    const [customer, ana] = (await emailRows()).filter((r) => r.topic === 'booking.created');
    await store.db.updateTable('outbox').set({ status: 'sent', sent_at: new Date(T0).toISOString() }).where('id', '=', customer!.id).execute();
    // A worker holds Ana's email: it goes with the old place, whatever is written now.
    await store.db.updateTable('outbox').set({ locked_until: new Date(T0 + minutes(5)).toISOString(), claimed_by: 'w1' }).where('id', '=', ana!.id).execute();
    await linkArrives(T0 + 60_000);
    const news = (await emailRows()).filter((r) => r.data.template === 'meetingUpdated');
    expect(news.map((r) => r.data.to.email).sort()).toEqual(['ana@example.com', 'claire@example.org']);
    const email = emailOf(news.find((r) => r.data.to.role === 'customer')!.data);
    expect(email.subject).toMatch(/^Where to meet: Product demo on /);
    expect(email.text).toContain(JOIN);
    expect(email.invite?.method).toBe('REQUEST');
    expect(email.invite?.content).toContain('SEQUENCE:1');
    expect((await emailRows()).find((r) => r.id === ana!.id)!.data.booking.location.joinUrl).toBeUndefined();
  });

  it('still tells someone whose only email to come is a reminder days ahead, and puts the link in that reminder', async () => {
    const [customer] = (await emailRows()).filter((r) => r.topic === 'booking.created');
    await store.db.updateTable('outbox').set({ status: 'sent', sent_at: new Date(T0).toISOString() }).where('topic', '=', 'booking.created').execute();
    await linkArrives(T0 + 60_000);
    const after = await emailRows();
    const reminder = after.find((r) => r.topic === 'reminder' && r.data.to.role === 'customer')!;
    expect(reminder.data.booking.location.joinUrl).toBe(JOIN);
    expect(after.filter((r) => r.data.template === 'meetingUpdated').map((r) => r.data.to.email)).toContain(customer!.data.to.email);
  });

  it('sends booking.meeting_ready, with the booking and its new link, to the webhooks subscribed to it and no others', async () => {
    await linkArrives(T0 + 60_000, hooks);
    const webhooks = (await rows()).filter((r) => r.kind === 'webhook');
    expect(webhooks.map((r) => [r.topic, (JSON.parse(r.payload) as { webhookId: string }).webhookId])).toEqual([['booking.meeting_ready', 'crm-sync']]);
    const body = JSON.parse((JSON.parse(webhooks[0]!.payload) as { body: string }).body) as { type: string; timestamp: string; data: { booking: { id: string; location: unknown; sequence: number } } };
    expect(body).toMatchObject({ type: 'booking.meeting_ready', timestamp: new Date(T0 + 60_000).toISOString() });
    expect(body.data.booking).toMatchObject({ id: 'bk1', location: { type: 'video', provider: 'zoom', joinUrl: JOIN }, sequence: 1 });
  });
});
