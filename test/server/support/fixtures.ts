/**
 * Small named factories for the server suites: a team config with fixed dates, an app on a
 * store with a pinned clock, and request helpers.
 */
import { createHash } from 'node:crypto';
import { createApp, type AppDeps } from '../../../server/app.js';
import { configSchema, type ConfigInput } from '../../../server/config/schema.js';
import { importConfig } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';

/** Monday 30 November 2026, noon UTC: every test's "now" unless it moves the clock. */
export const NOW = Date.parse('2026-11-30T12:00:00Z');
export const ADMIN_KEY = 'test-admin-key-0123456789';
export const PUBLIC_URL = 'http://kairos.test';

const allWeek = (hours: [string, string][]) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));

export function teamConfig(): ConfigInput {
  return {
    members: [
      { id: 'ana', name: 'Ana Silva', email: 'ana@example.com', timezone: 'UTC', locale: 'pt-BR', weekly: allWeek([['09:00', '17:00']]) },
      { id: 'bo', name: 'Bo Laurent', email: 'bo@example.com', timezone: 'UTC', locale: 'fr', weekly: allWeek([['09:00', '17:00']]) },
      { id: 'cy', name: 'Cy Brooks', email: 'cy@example.com', timezone: 'UTC', weekly: allWeek([['09:00', '17:00']]) },
    ],
    eventTypes: [
      {
        id: 'demo',
        title: { en: 'Product demo', fr: 'Démo produit' },
        durationMinutes: 30,
        slotIntervalMinutes: 30,
        horizonDays: 60,
        location: { type: 'video', provider: 'jitsi' },
        fields: [
          { id: 'company', type: 'text', label: { en: 'Company', fr: 'Entreprise' }, required: true },
          {
            id: 'country',
            type: 'select',
            label: { en: 'Country', fr: 'Pays' },
            required: true,
            options: [
              { value: 'FR', label: 'France' },
              { value: 'US', label: { en: 'United States', fr: 'États-Unis' } },
              { value: 'other', label: 'Elsewhere' },
            ],
          },
          { id: 'consent', type: 'consent', label: { en: 'I agree' }, required: true },
        ],
      },
      { id: 'group', title: 'Group session', durationMinutes: 60, slotIntervalMinutes: 60, seats: 5, location: { type: 'in_person', address: 'Room 1' } },
      { id: 'office', title: { en: 'Office hours', fr: 'Permanence' }, durationMinutes: 60, slotIntervalMinutes: 60, requiresApproval: true, location: { type: 'phone' } },
    ],
    pools: [
      { id: 'sales', method: 'round_robin', members: [{ member: 'ana' }, { member: 'bo' }] },
      { id: 'emea', method: 'pooled', members: [{ member: 'bo' }] },
    ],
    pages: [
      {
        slug: 'sales',
        title: { en: 'Talk to sales', fr: 'Parler aux ventes' },
        locale: 'en-US',
        allowedOrigins: ['https://www.example.com'],
        entries: [{ event: 'demo', host: { pool: 'sales' } }],
        rules: [
          { event: 'demo', when: { field: 'country', equals: 'other' }, refuse: { en: 'We only serve France and the US.', fr: 'Nous ne servons que la France et les États-Unis.' } },
          { event: 'demo', when: { field: 'country', in: ['FR'] }, host: { pool: 'emea' } },
        ],
        texts: { fr: { 'confirm.title': 'C’est noté' } },
      },
      {
        slug: 'solo',
        title: { fr: 'Avec Cy', en: 'With Cy' },
        locale: 'fr',
        entries: [
          { event: 'group', host: { member: 'cy' } },
          { event: 'office', host: { member: 'cy' } },
        ],
        localWorkingHours: { start: '10:00', end: '12:00' },
      },
    ],
  };
}

export async function seed(store: Store, config: ConfigInput = teamConfig()): Promise<void> {
  await importConfig(store.db, configSchema.parse(config), NOW);
}

/** An app over `store` with a clock the test controls through `clock.now`. */
export function testApp(store: Store, overrides: Partial<AppDeps> = {}) {
  const clock = { now: NOW };
  const app = createApp({
    store,
    publicUrl: PUBLIC_URL,
    secret: 'test-secret',
    adminKeyHash: createHash('sha256').update(ADMIN_KEY).digest('hex'),
    now: () => clock.now,
    rateLimit: 0,
    ...overrides,
  });
  return { app, clock };
}

type App = ReturnType<typeof testApp>['app'];

export function postJson(app: App, path: string, body: unknown, headers: Record<string, string> = {}, env?: unknown) {
  return app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }, env);
}

export function admin(app: App, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A valid booking request for the `sales` page's demo at `start`. */
export function demoRequest(start: string, overrides: Record<string, unknown> = {}) {
  return {
    event: 'demo',
    start,
    timezone: 'Europe/Paris',
    locale: 'en-US',
    name: 'Zoé Client',
    email: 'zoe@example.org',
    answers: { company: 'ACME', country: 'US' },
    consent: true,
    ...overrides,
  };
}

export function tokenOf(booking: { manageUrl: string }): string {
  return new URL(booking.manageUrl).searchParams.get('token')!;
}
