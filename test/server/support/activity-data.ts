/**
 * A small week of bookings for the activity stream's suites, each made a minute after the one
 * before (so the stream's order is known), through the public API as customers make them:
 *
 * - `today`: a demo today at 15:00 UTC (the `sales` pool: Ana or Bo), Zoé of ACME;
 * - `emea`: a demo on 2 December, routed to the `emea` pool (Bo) by its country, Max of Globex, with a phone;
 * - `request`: office hours on 3 December with Cy, pending approval;
 * - `cancelled`: a group session with Cy on 1 December at 09:00 UTC, cancelled by its customer.
 */
import { expect } from 'vitest';
import { demoRequest, NOW, postJson, tokenOf, type testApp } from './fixtures.js';

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
