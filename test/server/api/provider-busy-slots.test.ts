/**
 * Google Calendar and Microsoft 365 busy time through the whole server, on each store: a member
 * whose config names their Google (or Microsoft 365) calendar is offered no slot over a busy
 * interval the provider's fake answers; one the fake cannot answer offers every slot and the page
 * still answers; and the calendar test reads the new calendar types, the member's email as id.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { providerBusyReaders } from '../../../server/integrations/provider-busy.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { memoryLogger } from '../support/calendar-feed.js';
import { admin, seed, teamConfig, testApp } from '../support/fixtures.js';
import { ProviderFake } from '../support/provider-fake.js';

afterAll(disposeStores);

const token = { status: 200, body: { access_token: 'access-1', token_type: 'Bearer', expires_in: 3599 } };
/** Cy's `office` hours on the `solo` page, 1 December (UTC): 10:00 and 11:00. */
const SLOTS = '/api/v1/pages/solo/slots?event=office&from=2026-12-01&to=2026-12-01&timezone=UTC';

describe.each(backends.map((b) => [b.name, b] as const))('Google and Microsoft 365 busy time on the slot page on %s', (_name, backend) => {
  let store: Store;
  let fake: ProviderFake;
  beforeEach(async () => {
    fake = await new ProviderFake().start();
  });
  afterEach(async () => fake.close());

  async function app(calendar: { type: 'google' | 'microsoft'; id?: string }) {
    const config = teamConfig();
    config.members!.find((m) => m.id === 'cy')!.calendars = [calendar];
    store = await backend.open();
    await seed(store, config);
    const env = {
      KAIROS_GOOGLE_CLIENT_ID: 'g-client', KAIROS_GOOGLE_CLIENT_SECRET: 'g-secret', KAIROS_GOOGLE_REFRESH_TOKEN: 'g-refresh', KAIROS_GOOGLE_OAUTH_URL: fake.url, KAIROS_GOOGLE_API_URL: fake.url,
      KAIROS_TEAMS_TENANT_ID: 'tenant', KAIROS_TEAMS_CLIENT_ID: 'm-client', KAIROS_TEAMS_CLIENT_SECRET: 'm-secret', KAIROS_TEAMS_LOGIN_URL: fake.url, KAIROS_TEAMS_GRAPH_URL: fake.url,
    };
    const clock = { now: 0 };
    const test = testApp(store, { calendar: new CalendarBusy({ log: memoryLogger().log, timeoutMs: 1_000, providers: providerBusyReaders(env, { now: () => clock.now }) }) });
    clock.now = test.clock.now;
    return test.app;
  }
  const starts = async (app: Awaited<ReturnType<typeof testApp>>['app']) => {
    const response = await app.request(SLOTS);
    expect(response.status).toBe(200);
    return ((await response.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
  };

  it('offers no slot over the busy time Google’s freeBusy answers for the member’s calendar', async () => {
    const test = await app({ type: 'google', id: 'cy-work@group.calendar.google.com' });
    fake.on('POST', /^\/token$/, token);
    fake.on('POST', /^\/calendar\/v3\/freeBusy$/, { status: 200, body: { calendars: { 'cy-work@group.calendar.google.com': { busy: [{ start: '2026-12-01T10:15:00Z', end: '2026-12-01T10:45:00Z' }] } } } });
    expect(await starts(test)).toEqual(['2026-12-01T11:00:00Z']);
    expect(JSON.parse(fake.sent('POST', /freeBusy$/)[0]!.body)).toMatchObject({ items: [{ id: 'cy-work@group.calendar.google.com' }] });
  });

  it('offers no slot over the busy time Microsoft 365’s getSchedule answers, reading the member by email', async () => {
    const test = await app({ type: 'microsoft' });
    fake.on('POST', /^\/tenant\/oauth2\/v2\.0\/token$/, token);
    fake.on('POST', /^\/v1\.0\/users\/cy%40example\.com\/calendar\/getSchedule$/, {
      status: 200,
      body: { value: [{ scheduleId: 'cy@example.com', scheduleItems: [{ status: 'busy', start: { dateTime: '2026-12-01T11:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T11:30:00.0000000', timeZone: 'UTC' } }] }] },
    });
    expect(await starts(test)).toEqual(['2026-12-01T10:00:00Z']);
  });

  it('offers every slot when the provider cannot answer, and the page still answers in time', async () => {
    const test = await app({ type: 'google' });
    fake.on('POST', /^\/token$/, token);
    fake.on('POST', /^\/calendar\/v3\/freeBusy$/, { status: 200, body: { calendars: {} }, delayMs: 3_000 });
    const started = Date.now();
    expect(await starts(test)).toEqual(['2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z']);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('tries a Google calendar in the calendar test, the member’s email as its id', async () => {
    const test = await app({ type: 'google' });
    fake.on('POST', /^\/token$/, token);
    fake.on('POST', /^\/calendar\/v3\/freeBusy$/, { status: 200, body: { calendars: { 'cy@example.com': { busy: [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z' }] } } } });
    const response = await admin(test, 'POST', '/api/v1/admin/members/cy/calendar-test', { calendar: { type: 'google' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, busy: 1, first: { start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z' } });
    const refused = await admin(test, 'POST', '/api/v1/admin/members/cy/calendar-test', { calendar: { type: 'google', url: 'https://example.com' } });
    expect(refused.status).toBe(422);
  });
});
