/**
 * Busy time from Google Calendar (`freeBusy`) and Microsoft 365 (`getSchedule`), each played by a
 * local fake of its documented API (`support/provider-fake.ts`), read through `CalendarBusy` as
 * ICS and CalDAV calendars are: the documented request, a refused token refreshed once (401), a
 * long window asked in chunks, and the failure rule — a 429 (waited out as its Retry-After says),
 * a 5xx, a malformed or slow answer never fail a read and keep the last good busy time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { CHUNK_DAYS, providerBusyReaders } from '../../../server/integrations/provider-busy.js';
import { at, interval, memberWithCalendars, memoryLogger } from '../support/calendar-feed.js';
import { ProviderFake } from '../support/provider-fake.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const now = at('2026-01-01T00:00:00Z');
const from = now;
const to = now + 30 * DAY;
const TTL = 5 * MINUTE;

const token = { status: 200, body: { access_token: 'access-1', token_type: 'Bearer', expires_in: 3599 } };
const GOOGLE_TOKEN = /^\/token$/;
const FREEBUSY = /^\/calendar\/v3\/freeBusy$/;
const MS_TOKEN = /^\/tenant\/oauth2\/v2\.0\/token$/;
const SCHEDULE = /^\/v1\.0\/users\/ana%40example\.com\/calendar\/getSchedule$/;

let fake: ProviderFake;
afterEach(async () => fake?.close());

async function setup(type: 'google' | 'microsoft', options: { timeoutMs?: number; env?: Record<string, string> } = {}) {
  fake = await new ProviderFake().start();
  const env = options.env ?? {
    KAIROS_GOOGLE_CLIENT_ID: 'g-client', KAIROS_GOOGLE_CLIENT_SECRET: 'g-secret', KAIROS_GOOGLE_REFRESH_TOKEN: 'g-refresh', KAIROS_GOOGLE_OAUTH_URL: fake.url, KAIROS_GOOGLE_API_URL: fake.url,
    KAIROS_TEAMS_TENANT_ID: 'tenant', KAIROS_TEAMS_CLIENT_ID: 'm-client', KAIROS_TEAMS_CLIENT_SECRET: 'm-secret', KAIROS_TEAMS_LOGIN_URL: fake.url, KAIROS_TEAMS_GRAPH_URL: fake.url,
  };
  const logger = memoryLogger();
  const clock = { now };
  const calendars = new CalendarBusy({ ttlMs: TTL, log: logger.log, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), providers: providerBusyReaders(env, { now: () => clock.now }) });
  // No id: the member's email is the calendar id (Google) or the user (Microsoft).
  const member = memberWithCalendars([{ type }], 'UTC');
  return { calendars, member, logger, clock };
}

const googleBusy = (...busy: [string, string][]) => ({ status: 200, body: { kind: 'calendar#freeBusy', timeMin: '', timeMax: '', calendars: { 'ana@example.com': { busy: busy.map(([start, end]) => ({ start, end })) } } } });
const graphItem = (status: string, start: string, end: string) => ({ isPrivate: false, status, subject: 'x', start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' } });
const schedule = (...items: ReturnType<typeof graphItem>[]) => ({ status: 200, body: { '@odata.context': 'x', value: [{ scheduleId: 'ana@example.com', availabilityView: '0', scheduleItems: items, workingHours: {} }] } });

const lunch = interval('2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z');
const review = interval('2026-01-07T09:00:00Z', '2026-01-07T10:00:00Z');

describe('Google Calendar busy time (freeBusy)', () => {
  it('asks freeBusy as documented, with a refreshed token, and answers its busy intervals', async () => {
    const { calendars, member } = await setup('google');
    fake.on('POST', GOOGLE_TOKEN, token);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T13:00:00+01:00', '2026-01-06T14:00:00+01:00'], ['2026-01-07T09:00:00Z', '2026-01-07T10:00:00Z']));
    expect(await calendars.busyFor(member, from, to, now)).toEqual([lunch, review]);
    const [grant] = fake.sent('POST', GOOGLE_TOKEN);
    expect(Object.fromEntries(new URLSearchParams(grant!.body))).toEqual({ client_id: 'g-client', client_secret: 'g-secret', refresh_token: 'g-refresh', grant_type: 'refresh_token' });
    const queries = fake.sent('POST', FREEBUSY);
    expect(queries[0]!.headers.authorization).toBe('Bearer access-1');
    const body = JSON.parse(queries[0]!.body) as { timeMin: string; timeMax: string; timeZone: string; items: unknown };
    expect(body).toMatchObject({ timeZone: 'UTC', items: [{ id: 'ana@example.com' }] });
    expect(Date.parse(body.timeMin)).toBeLessThanOrEqual(from);
  });

  it('splits the read window into chunks of at most 60 days that cover it end to end', async () => {
    const { calendars, member } = await setup('google');
    fake.on('POST', GOOGLE_TOKEN, token);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z']));
    await calendars.busyFor(member, from, to, now);
    const ranges = fake.sent('POST', FREEBUSY).map((q) => JSON.parse(q.body) as { timeMin: string; timeMax: string }).map((q) => [Date.parse(q.timeMin), Date.parse(q.timeMax)] as const).sort((a, b) => a[0] - b[0]);
    // The cache reads 14 days back and 400 ahead: 414 days, 7 chunks.
    expect(ranges).toHaveLength(Math.ceil(414 / CHUNK_DAYS));
    for (const [start, end] of ranges) expect(end - start).toBeLessThanOrEqual(CHUNK_DAYS * DAY);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
    expect(ranges[0]![0]).toBeLessThanOrEqual(from);
    expect(ranges.at(-1)![1]).toBeGreaterThanOrEqual(to);
  });

  it('gets a fresh token once when the API refuses the cached one (401)', async () => {
    const { calendars, member, clock } = await setup('google');
    fake.on('POST', GOOGLE_TOKEN, token, { status: 200, body: { access_token: 'access-2', expires_in: 3599 } });
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z']));
    await calendars.busyFor(member, from, to, now);
    const first = fake.sent('POST', FREEBUSY).length;
    fake.on('POST', FREEBUSY, { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } }, googleBusy(['2026-01-07T09:00:00Z', '2026-01-07T10:00:00Z']));
    clock.now = now + TTL;
    expect(await calendars.busyFor(member, from, to, now + TTL)).toEqual([review]);
    expect(fake.sent('POST', GOOGLE_TOKEN)).toHaveLength(2);
    expect(fake.sent('POST', FREEBUSY).slice(first).map((q) => q.headers.authorization)).toContain('Bearer access-2');
  });

  it('keeps the last good busy time through a 5xx and a malformed answer, and reads again after the TTL', async () => {
    const { calendars, member, logger } = await setup('google');
    fake.on('POST', GOOGLE_TOKEN, token);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z']));
    expect(await calendars.busyFor(member, from, to, now)).toEqual([lunch]);
    fake.on('POST', FREEBUSY, { status: 503, body: 'backend error' });
    expect(await calendars.busyFor(member, from, to, now + TTL)).toEqual([lunch]);
    fake.on('POST', FREEBUSY, { status: 200, body: '<html>proxy</html>' });
    expect(await calendars.busyFor(member, from, to, now + 2 * TTL)).toEqual([lunch]);
    fake.on('POST', FREEBUSY, { status: 200, body: { calendars: { 'ana@example.com': { busy: [{ start: 'soon', end: 'later' }] } } } });
    expect(await calendars.busyFor(member, from, to, now + 3 * TTL)).toEqual([lunch]);
    expect(logger.warnings().map((w) => w.msg)).toEqual(Array(3).fill('calendar could not be read; its last good busy time stays in use'));
    // Secrets stay out of the log.
    expect(JSON.stringify(logger.warnings())).not.toMatch(/g-secret|g-refresh|access-1/);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-07T09:00:00Z', '2026-01-07T10:00:00Z']));
    expect(await calendars.busyFor(member, from, to, now + 4 * TTL)).toEqual([review]);
  });

  it('asks nothing before a 429’s Retry-After has passed, serving the last good busy time meanwhile', async () => {
    const { calendars, member } = await setup('google');
    fake.on('POST', GOOGLE_TOKEN, token);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z']));
    await calendars.busyFor(member, from, to, now);
    fake.on('POST', FREEBUSY, { status: 429, headers: { 'retry-after': '1800' }, body: { error: { code: 429, message: 'Rate Limit Exceeded' } } });
    expect(await calendars.busyFor(member, from, to, now + TTL)).toEqual([lunch]);
    const asked = fake.sent('POST', FREEBUSY).length;
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-07T09:00:00Z', '2026-01-07T10:00:00Z']));
    // Past the TTL, still within the 30 minutes the provider asked for.
    expect(await calendars.busyFor(member, from, to, now + 3 * TTL)).toEqual([lunch]);
    expect(fake.sent('POST', FREEBUSY)).toHaveLength(asked);
    expect(await calendars.busyFor(member, from, to, now + TTL + 30 * MINUTE)).toEqual([review]);
  });

  it('gives up on a slow answer at the timeout, without holding the page, and keeps the last good busy time', async () => {
    const { calendars, member } = await setup('google', { timeoutMs: 300 });
    fake.on('POST', GOOGLE_TOKEN, token);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z']));
    await calendars.busyFor(member, from, to, now);
    fake.on('POST', FREEBUSY, { ...googleBusy(['2026-01-07T09:00:00Z', '2026-01-07T10:00:00Z']), delayMs: 3_000 });
    const started = Date.now();
    expect(await calendars.busyFor(member, from, to, now + TTL)).toEqual([lunch]);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('says which way a read failed when the calendar is tried (the calendar test)', async () => {
    const { calendars } = await setup('google', { timeoutMs: 300 });
    const window = { start: now, end: now + 14 * DAY };
    const calendar = { type: 'google' as const, id: 'ana@example.com' };
    fake.on('POST', GOOGLE_TOKEN, token);
    fake.on('POST', FREEBUSY, googleBusy(['2026-01-06T12:00:00Z', '2026-01-06T13:00:00Z']));
    expect(await calendars.check(calendar, 'UTC', window)).toEqual({ ok: true, busy: [lunch] });
    fake.on('POST', FREEBUSY, { status: 200, body: { calendars: { 'ana@example.com': { busy: [], errors: [{ domain: 'global', reason: 'notFound' }] } } } });
    expect(await calendars.check(calendar, 'UTC', window)).toEqual({ ok: false, failure: 'not_found' });
    fake.on('POST', FREEBUSY, { status: 403, body: { error: { code: 403, message: 'insufficient scopes' } } });
    expect(await calendars.check(calendar, 'UTC', window)).toEqual({ ok: false, failure: 'auth_refused' });
    fake.on('POST', FREEBUSY, { status: 500, body: 'oops' });
    expect(await calendars.check(calendar, 'UTC', window)).toEqual({ ok: false, failure: 'unreachable' });
    fake.on('POST', FREEBUSY, { status: 200, body: '{"calendars": ' });
    expect(await calendars.check(calendar, 'UTC', window)).toEqual({ ok: false, failure: 'not_a_calendar' });
    fake.on('POST', FREEBUSY, { ...googleBusy(), delayMs: 2_000 });
    expect(await calendars.check(calendar, 'UTC', window)).toEqual({ ok: false, failure: 'timed_out' });
  });

  it('says a refresh token Google no longer accepts is refused, without the token in any message', async () => {
    const { calendars, member, logger } = await setup('google');
    fake.on('POST', GOOGLE_TOKEN, { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } });
    expect(await calendars.check({ type: 'google', id: 'ana@example.com' }, 'UTC', { start: now, end: now + DAY })).toEqual({ ok: false, failure: 'auth_refused' });
    expect(await calendars.busyFor(member, from, to, now)).toEqual([]);
    expect(JSON.stringify(logger.warnings())).toContain('invalid_grant');
    expect(JSON.stringify(logger.warnings())).not.toMatch(/g-refresh|g-secret/);
    expect(fake.sent('POST', FREEBUSY)).toEqual([]);
  });
});

describe('Microsoft 365 busy time (getSchedule)', () => {
  it('asks getSchedule as documented with client credentials and counts busy, out-of-office, tentative and unknown time', async () => {
    const { calendars, member } = await setup('microsoft');
    fake.on('POST', MS_TOKEN, token);
    fake.on('POST', SCHEDULE, schedule(
      graphItem('busy', '2026-01-06T12:00:00.0000000', '2026-01-06T13:00:00.0000000'),
      graphItem('free', '2026-01-06T15:00:00.0000000', '2026-01-06T16:00:00.0000000'),
      graphItem('workingElsewhere', '2026-01-06T16:00:00.0000000', '2026-01-06T17:00:00.0000000'),
      graphItem('tentative', '2026-01-07T09:00:00.0000000', '2026-01-07T09:30:00.0000000'),
      graphItem('oof', '2026-01-07T09:30:00.0000000', '2026-01-07T10:00:00.0000000'),
      graphItem('unknown', '2026-01-08T09:00:00.0000000', '2026-01-08T10:00:00.0000000'),
    ));
    expect(await calendars.busyFor(member, from, to, now)).toEqual([lunch, review, interval('2026-01-08T09:00:00Z', '2026-01-08T10:00:00Z')]);
    const grant = new URLSearchParams(fake.sent('POST', MS_TOKEN)[0]!.body);
    expect(grant.get('grant_type')).toBe('client_credentials');
    expect(grant.get('scope')).toBe('https://graph.microsoft.com/.default');
    const queries = fake.sent('POST', SCHEDULE).map((q) => JSON.parse(q.body) as { schedules: string[]; startTime: { dateTime: string; timeZone: string }; endTime: { dateTime: string; timeZone: string }; availabilityViewInterval: number });
    expect(queries[0]).toMatchObject({ schedules: ['ana@example.com'], startTime: { timeZone: 'UTC' }, endTime: { timeZone: 'UTC' }, availabilityViewInterval: 1440 });
    expect(queries[0]!.startTime.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    // 62 days at most per query: the read window in chunks.
    const spans = queries.map((q) => Date.parse(`${q.endTime.dateTime}Z`) - Date.parse(`${q.startTime.dateTime}Z`));
    expect(queries.length).toBeGreaterThan(1);
    for (const span of spans) expect(span).toBeLessThanOrEqual(62 * DAY);
  });

  it('refreshes a refused token once, and keeps the last good busy time through a schedule error, a 5xx, a 429 and a slow answer', async () => {
    const { calendars, member } = await setup('microsoft', { timeoutMs: 300 });
    fake.on('POST', MS_TOKEN, token, { status: 200, body: { access_token: 'access-2', expires_in: 3599 } });
    fake.on('POST', SCHEDULE, { status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } }, schedule(graphItem('busy', '2026-01-06T12:00:00.0000000', '2026-01-06T13:00:00.0000000')));
    expect(await calendars.busyFor(member, from, to, now)).toEqual([lunch]);
    expect(fake.sent('POST', MS_TOKEN)).toHaveLength(2);
    const failures = [
      { status: 200, body: { value: [{ scheduleId: 'ana@example.com', error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' } }] } },
      { status: 503, body: { error: { code: 'ServiceUnavailable' } } },
      { status: 429, headers: { 'retry-after': '10' }, body: { error: { code: 'ApplicationThrottled' } } },
      { ...schedule(graphItem('busy', '2026-01-07T09:00:00.0000000', '2026-01-07T10:00:00.0000000')), delayMs: 2_000 },
      { status: 200, body: { value: [{ scheduleItems: [{ status: 'busy', start: { dateTime: 'noon', timeZone: 'UTC' }, end: { dateTime: 'later', timeZone: 'UTC' } }] }] } },
    ];
    for (const [i, answer] of failures.entries()) {
      fake.on('POST', SCHEDULE, answer);
      expect(await calendars.busyFor(member, from, to, now + (i + 1) * TTL)).toEqual([lunch]);
    }
  });

  it('says which way a schedule could not be read when the calendar is tried', async () => {
    const { calendars } = await setup('microsoft');
    const window = { start: now, end: now + 14 * DAY };
    fake.on('POST', MS_TOKEN, token);
    fake.on('POST', SCHEDULE, { status: 200, body: { value: [{ scheduleId: 'ana@example.com', error: { message: 'no such mailbox', responseCode: 'ErrorMailRecipientNotFound' } }] } });
    expect(await calendars.check({ type: 'microsoft', id: 'ana@example.com' }, 'UTC', window)).toEqual({ ok: false, failure: 'not_found' });
    fake.on('POST', SCHEDULE, { status: 403, body: { error: { code: 'ErrorAccessDenied' } } });
    expect(await calendars.check({ type: 'microsoft', id: 'ana@example.com' }, 'UTC', window)).toEqual({ ok: false, failure: 'auth_refused' });
  });
});

describe('a provider calendar on a server without its credentials', () => {
  it('blocks nothing, fails no read, is said once in the log, and the calendar test names it', async () => {
    const { calendars, member, logger } = await setup('google', { env: {} });
    const lines: Record<string, unknown>[] = [];
    // The error level is above the warnings the helper keeps: read them from a second logger.
    const errors = new CalendarBusy({ ttlMs: TTL, log: (await import('pino')).default({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }) });
    for (let i = 0; i < 3; i++) expect(await errors.busyFor(member, from, to, now + i * TTL)).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, calendar: 'google', msg: expect.stringContaining('KAIROS_GOOGLE_CLIENT_ID, KAIROS_GOOGLE_CLIENT_SECRET, KAIROS_GOOGLE_REFRESH_TOKEN') });
    expect(await calendars.busyFor(member, from, to, now)).toEqual([]);
    expect(logger.warnings()).toEqual([]);
    expect(await calendars.check({ type: 'microsoft', id: 'ana@example.com' }, 'UTC', { start: now, end: now + DAY })).toEqual({ ok: false, failure: 'not_set_up' });
    expect(fake.requests).toEqual([]);
  });
});
