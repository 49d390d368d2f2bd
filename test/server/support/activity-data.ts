/**
 * A small week of bookings for the activity stream's suites, each made a minute after the one
 * before (so the stream's order is known), through the public API as customers make them:
 *
 * - `today`: a demo today at 15:00 UTC (the `sales` pool: Ana or Bo), Zoé of ACME;
 * - `emea`: a demo on 2 December, routed to the `emea` pool (Bo) by its country, Max of Globex, with a phone;
 * - `request`: office hours on 3 December with Cy, pending approval;
 * - `cancelled`: a group session with Cy on 1 December at 09:00 UTC, cancelled by its customer.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createMailer, deliverDue } from '../../../server/notify/index.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { demoRequest, NOW, postJson, tokenOf, type testApp } from './fixtures.js';
import { seedWebhook, silentLog } from './notify-fixtures.js';

type Test = ReturnType<typeof testApp>;

export const MINUTE = 60_000;

export async function book(app: Test['app'], page: string, body: object): Promise<{ id: string; manageUrl: string }> {
  const response = await postJson(app, `/api/v1/pages/${page}/bookings`, body);
  expect(response.status).toBe(201);
  return response.json();
}

export async function bookTheWeek({ app, clock }: Test) {
  clock.now = NOW;
  const today = await book(app, 'sales', demoRequest('2026-11-30T15:00:00Z'));
  clock.now += MINUTE;
  const emea = await book(app, 'sales', {
    ...demoRequest('2026-12-02T10:00:00Z'),
    name: 'Max Muster',
    email: 'max@beispiel.de',
    phone: '+49 30 1234567',
    answers: { company: 'Globex Hamburg', country: 'FR' },
  });
  clock.now += MINUTE;
  const request = await book(app, 'solo', { ...demoRequest('2026-12-03T10:00:00Z'), event: 'office', name: 'Pat Pending', email: 'pat@example.net', answers: {} });
  clock.now += MINUTE;
  const cancelled = await book(app, 'solo', { ...demoRequest('2026-12-01T09:00:00Z'), event: 'group', name: 'Gus Group', email: 'gus@example.net', answers: {} });
  clock.now += MINUTE;
  const cancel = await postJson(app, `/api/v1/bookings/${cancelled.id}/cancel`, { token: tokenOf(cancelled), reason: 'sick' });
  expect(cancel.status).toBe(200);
  clock.now += MINUTE;
  return { today: today.id, emea: emea.id, request: request.id, cancelled: cancelled.id };
}

/**
 * A webhook on `booking.cancelled` whose receiver is gone (410): the outbox gives it up at its first
 * attempt, so the stream has a `webhook_failed` entry. Close the server it answers after the suite.
 */
export async function goneWebhook(store: Store): Promise<Server> {
  const gone = createServer((request, response) => request.resume().on('end', () => response.writeHead(410).end()));
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/hooks`;
  const secret = `whsec_${Buffer.from('kairos-test-secret-of-32-bytes!!').toString('base64')}`;
  await seedWebhook(store.db, 'hook', { id: 'hook', url, events: ['booking.cancelled'], secret } as never);
  return gone;
}

/** Delivers what the outbox holds due at `at`: emails to files, webhooks over HTTP. */
export async function deliverAt(store: Store, at: number): Promise<void> {
  const mailer = createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'kairos-outbox-')), mailFrom: 'Kairos <b@example.com>', publicUrl: 'http://kairos.test' });
  try {
    await deliverDue(store, at, { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
  } finally {
    mailer.close();
  }
}
