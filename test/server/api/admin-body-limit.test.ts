/**
 * Request body limits over real HTTP, where `requestBody` reads Node's stream: admin routes take
 * a whole large team's config (its export imports back unchanged), public routes keep their
 * 64 KiB, and an admin body is read only once its key is accepted.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_BODY_LIMIT, DEFAULT_BODY_LIMIT } from '../../../server/app.js';
import type { ConfigInput } from '../../../server/config/schema.js';
import { configSnapshot } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { ADMIN_KEY, demoRequest, seed, teamConfig, testApp } from '../support/fixtures.js';
import { memberIds } from '../../../harness/team-config.js';

afterAll(disposeStores);

const ZONES = ['Europe/Lisbon', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC'];

/** Members as a real team writes them: two intervals on weekdays, short weekends, a holiday. */
function largeTeam(size: number): ConfigInput {
  const ids = memberIds('m', size);
  const workday: [string, string][] = [
    ['08:00', '12:00'],
    ['13:00', '18:00'],
  ];
  const weekend: [string, string][] = [['10:00', '16:00']];
  const config = teamConfig();
  config.members!.push(
    ...ids.map((id, i) => ({
      id,
      name: `Member ${id} Example-Surname`,
      email: `${id}@team.example.com`,
      timezone: ZONES[i % ZONES.length]!,
      locale: 'en-GB',
      weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: weekend, sun: weekend },
      overrides: [{ date: '2026-12-25', intervals: [] }],
      // One in ten with a CalDAV calendar and its password, which the export shows as "********".
      ...(i % 10 === 0 ? { calendars: [{ type: 'caldav' as const, url: `https://dav.example.com/${id}/`, username: id, password: `password-of-${id}` }] } : {}),
    })),
  );
  config.webhooks = [{ id: 'crm', url: 'https://hooks.example.com/kairos', events: ['booking.created'], secret: 'whsec_c2VjcmV0LW9mLXRoZS1sYXJnZS10ZWFt' }];
  // Pools of 100 members each, as a large sales organisation would split its team.
  for (let p = 0; p < size / 100; p++) {
    config.pools!.push({ id: `region-${p}`, method: 'pooled', members: ids.slice(p * 100, (p + 1) * 100).map((member) => ({ member })) });
  }
  return config;
}

describe.each(backends.map((b) => [b.name, b] as const))('body limits over HTTP on %s', (_name, backend) => {
  let store: Store;
  let server: ServerType;
  let url: string;

  beforeAll(async () => {
    store = await backend.open();
    await seed(store, largeTeam(1_000));
    const { app } = testApp(store);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (method: string, path: string, body?: string, key: string | null = ADMIN_KEY) =>
    fetch(`${url}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });

  it('imports the export of a 1,000-member team back, unchanged, its secrets kept', async () => {
    const exported = await (await send('GET', '/api/v1/admin/config')).text();
    expect(exported.length).toBeGreaterThan(DEFAULT_BODY_LIMIT * 4);
    expect(exported).not.toContain('password-of-');
    expect(exported.match(/"password":"\*{8}"/g)).toHaveLength(100);
    const imported = await send('PUT', '/api/v1/admin/config', exported);
    expect(imported.status, await imported.clone().text()).toBe(200);
    expect(((await imported.json()) as { imported: { members: number } }).imported.members).toBe(1_003);
    const again = await (await send('GET', '/api/v1/admin/config')).text();
    expect(JSON.parse(again)).toEqual(JSON.parse(exported));
    const stored = await configSnapshot(store.db);
    expect(stored.members.get(memberIds('m', 1_000)[990]!)!.calendars[0]).toMatchObject({ password: `password-of-${memberIds('m', 1_000)[990]}` });
    expect(stored.webhooks.get('crm')!.webhook.secret).toBe('whsec_c2VjcmV0LW9mLXRoZS1sYXJnZS10ZWFt');
  });

  it('still refuses a public body over the public limit', async () => {
    const body = JSON.stringify(demoRequest('2026-12-01T09:00:00Z', { name: 'x'.repeat(DEFAULT_BODY_LIMIT) }));
    const response = await send('POST', '/api/v1/pages/sales/bookings', body, null);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('refuses an admin body over the admin limit', async () => {
    const response = await send('PUT', '/api/v1/admin/config', JSON.stringify({ members: [], padding: 'x'.repeat(DEFAULT_ADMIN_BODY_LIMIT) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers a large admin body without a valid key with 401, not by reading it', async () => {
    const body = JSON.stringify({ members: [], padding: 'x'.repeat(DEFAULT_BODY_LIMIT * 2) });
    for (const key of [null, 'wrong-key']) {
      const response = await send('PUT', '/api/v1/admin/config', body, key);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });
});
