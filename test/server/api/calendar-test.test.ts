/**
 * Trying a calendar connection (`POST /admin/members/{member}/calendar-test`) against real
 * servers: ICS feeds served locally, a real CalDAV server (Radicale), an address nobody answers
 * at, one that answers too slowly or too much. The answer says what was found in the next 14
 * days, or which way the read failed — never a 500, never the credentials — and saves nothing.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import type { Store } from '../../../server/store/connect.js';
import type { CalendarTestResult } from '../../../shared/team-schemas.js';
import { backends, disposeStores } from '../support/backends.js';
import { memoryLogger, startFeedServer, vcalendar, vevent, type FeedServer } from '../support/calendar-feed.js';
import { admin, seed, testApp } from '../support/fixtures.js';
import { memberKey, withKey } from '../support/member-key.js';
import { davRequest, radicaleMissing, startRadicale, type Radicale } from '../support/radicale.js';

if (radicaleMissing) console.log(`Skipping the CalDAV cases of the calendar test: ${radicaleMissing}`);

/** The test clock's now (30 November 2026, 12:00 UTC) and 14 days later. */
const window = { from: '2026-11-30T12:00:00Z', to: '2026-12-14T12:00:00Z' };

const eventList = [
  vevent('review', 'DTSTART:20261201T090000Z', 'DTEND:20261201T100000Z'),
  vevent('overlap', 'DTSTART:20261201T093000Z', 'DTEND:20261201T103000Z'),
  vevent('later', 'DTSTART:20261205T130000Z', 'DTEND:20261205T140000Z'),
  vevent('past', 'DTSTART:20261129T130000Z', 'DTEND:20261129T140000Z'),
  vevent('beyond', 'DTSTART:20261220T130000Z', 'DTEND:20261220T140000Z'),
];
const events = vcalendar(...eventList);
const found = { ok: true, busy: 2, ...window, first: { start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:30:00Z' } };

let feeds: FeedServer;
let radicale: Radicale | undefined;
let caldavUrl = '';
/** A port nothing listens on: one was free a moment ago. */
let closedPort = 0;

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.publish('/cy.ics', events);
  feeds.publish('/empty.ics', vcalendar());
  feeds.publish('/page.html', '<!doctype html><html><body>Welcome</body></html>');
  feeds.publish('/private.ics', { status: 401, body: 'who are you?' });
  feeds.publish('/broken.ics', { status: 500, body: 'oops' });
  feeds.publish('/slow.ics', { status: 200, body: '', hang: true });
  feeds.publish('/huge.ics', 'X'.repeat(16 * 1024 * 1024 + 1));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!radicaleMissing) {
    radicale = await startRadicale({ cy: 'secret' });
    caldavUrl = `${radicale.url}/cy/work/`;
    await davRequest('MKCALENDAR', caldavUrl, ['cy', 'secret']);
    // One event per calendar object, as CalDAV wants.
    for (const [i, event] of eventList.entries()) await davRequest('PUT', `${caldavUrl}${i}.ics`, ['cy', 'secret'], vcalendar(event));
  }
}, 30_000);

afterAll(async () => {
  await feeds?.close();
  await radicale?.stop();
  await disposeStores();
});

describe.each(backends.map((b) => [b.name, b] as const))('the calendar test on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    // 4 s: a busy machine reads the 16 MiB feed to its cap well within it; the hanging one still times out.
    test = testApp(store, { calendar: new CalendarBusy({ timeoutMs: 4000, log: memoryLogger().log }) });
  });

  const check = async (calendar: unknown, member = 'cy') => {
    const response = await admin(test.app, 'POST', `/api/v1/admin/members/${member}/calendar-test`, { calendar });
    expect(response.status).toBe(200);
    const text = await response.text();
    return { result: JSON.parse(text) as CalendarTestResult, text };
  };
  const ics = (path: string) => ({ type: 'ics', url: feeds.url(path) });

  it('counts an ICS feed’s busy intervals in the next 14 days, overlapping events as one, and gives the first', async () => {
    expect((await check(ics('/cy.ics'))).result).toEqual(found);
  });

  it('answers no first interval for a calendar free all 14 days', async () => {
    expect((await check(ics('/empty.ics'))).result).toEqual({ ok: true, busy: 0, ...window });
  });

  it('saves nothing and records nothing', async () => {
    const before = await (await admin(test.app, 'GET', '/api/v1/admin/members/cy/schedule')).json();
    await check(ics('/cy.ics'));
    expect(await (await admin(test.app, 'GET', '/api/v1/admin/members/cy/schedule')).json()).toEqual(before);
    expect(await store.db.selectFrom('activity').selectAll().execute()).toEqual([]);
  });

  it.each([
    ['/nope.ics', 'not_found'],
    ['/private.ics', 'auth_refused'],
    ['/page.html', 'not_a_calendar'],
    ['/broken.ics', 'unreachable'],
    ['/huge.ics', 'too_large'],
    ['/slow.ics', 'timed_out'],
  ])('says which way an ICS feed at %s failed: %s', async (path, error) => {
    const { result, text } = await check(ics(path));
    expect(result).toEqual({ ok: false, error, message: expect.stringMatching(new RegExp(`^${error.replaceAll('_', ' ')}: `)) });
    expect(text).not.toContain(path);
  });

  it('says an address where nothing listens is unreachable', async () => {
    expect((await check({ type: 'ics', url: `http://127.0.0.1:${closedPort}/cy.ics` })).result).toMatchObject({ ok: false, error: 'unreachable' });
  });

  it('says an ICS feed asked as a CalDAV calendar is not a calendar', async () => {
    expect((await check({ type: 'caldav', url: feeds.url('/cy.ics') })).result).toMatchObject({ ok: false, error: 'not_a_calendar' });
  });

  describe.skipIf(radicaleMissing !== undefined)('with a CalDAV server (Radicale)', () => {
    it('reads the calendar with its credentials', async () => {
      const { result, text } = await check({ type: 'caldav', url: caldavUrl, username: 'cy', password: 'secret' });
      expect(result).toEqual(found);
      expect(text).not.toContain('secret');
    });

    it('says a wrong password is refused, without echoing the credentials or the address', async () => {
      const { result, text } = await check({ type: 'caldav', url: caldavUrl, username: 'cy', password: 'hunter2-wrong' });
      expect(result).toMatchObject({ ok: false, error: 'auth_refused' });
      expect(text).not.toMatch(/hunter2|cy\/work|127\.0\.0\.1/);
    });

    it('says a collection that does not exist is not found', async () => {
      expect((await check({ type: 'caldav', url: `${radicale!.url}/cy/nope/`, username: 'cy', password: 'secret' })).result).toMatchObject({ ok: false, error: 'not_found' });
    });
  });

  it('lets a member test a calendar for their own schedule only: another’s answers 404 without fetching anything', async () => {
    const cy = await memberKey(test.app, 'cy');
    const own = await withKey(test.app, cy, 'POST', '/api/v1/admin/members/cy/calendar-test', { calendar: ics('/cy.ics') });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual(found);
    const hits = feeds.hits('/cy.ics');
    const ana = await memberKey(test.app, 'ana');
    const other = await withKey(test.app, ana, 'POST', '/api/v1/admin/members/cy/calendar-test', { calendar: ics('/cy.ics') });
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe('not_found');
    expect(feeds.hits('/cy.ics')).toBe(hits);
    expect((await admin(test.app, 'POST', '/api/v1/admin/members/nobody/calendar-test', { calendar: ics('/cy.ics') })).status).toBe(404);
  });

  it('refuses a connection the config would refuse', async () => {
    for (const calendar of [{ type: 'ics' }, { type: 'webcal', url: feeds.url('/cy.ics') }, { type: 'ics', url: 'not a url' }, 'https://example.com/cy.ics']) {
      const response = await admin(test.app, 'POST', '/api/v1/admin/members/cy/calendar-test', { calendar });
      expect(response.status, JSON.stringify(calendar)).toBe(422);
      expect((await response.json()).error.code).toBe('validation_failed');
    }
  });
});
