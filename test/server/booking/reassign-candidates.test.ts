/**
 * Who could take a booking (`GET /api/v1/admin/bookings/{id}/candidates`): the members a
 * reassignment accepts who are free then, the place's pool first in its order — and the list
 * agrees with `reassign` itself, both ways.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { startFeedServer, vcalendar, vevent, type FeedServer } from '../support/calendar-feed.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';
import { silentLog } from '../support/notify-fixtures.js';

let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.publish('/ivy.ics', vcalendar(vevent('dentist', 'DTSTART:20261201T083000Z', 'DTEND:20261201T093000Z')));
});
afterAll(async () => {
  await feeds.close();
  await disposeStores();
});

/**
 * The team, plus Dee in the sales pool and four members of no pool: Al (free), and on 1 December
 * at 09:00 Una (busy time in the config), Ivy (busy in her calendar feed) and Ova (a day off).
 */
function widerTeam(): ConfigInput {
  const config = teamConfig();
  const weekly = config.members![2]!.weekly;
  config.members!.push(
    { id: 'dee', name: 'Dee Adams', email: 'dee@example.com', timezone: 'UTC', weekly },
    { id: 'zed', name: 'Al Zed', email: 'zed@example.com', timezone: 'UTC', weekly },
    { id: 'una', name: 'Una Busy', email: 'una@example.com', timezone: 'UTC', weekly, busy: [{ start: '2026-12-01T08:30:00Z', end: '2026-12-01T10:00:00Z' }] },
    { id: 'ova', name: 'Ova Off', email: 'ova@example.com', timezone: 'UTC', weekly, overrides: [{ date: '2026-12-01', intervals: [] }] },
    { id: 'ivy', name: 'Ivy Ical', email: 'ivy@example.com', timezone: 'UTC', weekly, calendars: [{ type: 'ics', url: feeds.url('/ivy.ics') }] },
  );
  config.pools![0]!.members.push({ member: 'dee' });
  config.pages!.push({ slug: 'duo', title: 'Duo', entries: [{ event: 'demo', host: { panel: [{ member: 'cy' }, { pool: 'sales' }] } }] });
  return config;
}

describe.each(backends.map((b) => [b.name, b] as const))('reassign candidates on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, widerTeam());
    // A cache of its own per test: the feed is read afresh.
    ({ app } = testApp(store, { calendar: new CalendarBusy({ log: silentLog }) }));
  });

  const book = async (start: string, page = 'sales') => {
    const res = await postJson(app, `/api/v1/pages/${page}/bookings`, demoRequest(start));
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  };
  const members = async (id: string) => ((await (await admin(app, 'GET', `/api/v1/admin/bookings/${id}`)).json()).members as { id: string }[]).map((m) => m.id);
  const candidates = async (id: string, query = '') => {
    const res = await admin(app, 'GET', `/api/v1/admin/bookings/${id}/candidates${query}`);
    expect(res.status).toBe(200);
    return (await res.json()).items;
  };
  const memberKey = async (member: string) => (await (await admin(app, 'POST', `/api/v1/admin/members/${member}/key`)).json()).key as string;
  const asMember = (key: string, path: string) => app.request(path, { headers: { authorization: `Bearer ${key}` } });

  it('lists the pool’s free members in its round-robin order, next in line first, then the other free members by name', async () => {
    const first = await book('2026-12-01T09:00:00Z');
    await book('2026-12-01T10:00:00Z');
    expect(await members(first)).toEqual(['ana']);
    // Ana and Bo have had one booking each, Dee none: Dee is next in line; Bo, though he sorts
    // first by name, comes after her. Una and Ivy are busy, Ova off: none of them is listed.
    expect(await candidates(first)).toEqual([
      { id: 'dee', name: 'Dee Adams', nextInLine: true },
      { id: 'bo', name: 'Bo Laurent', nextInLine: false },
      { id: 'zed', name: 'Al Zed', nextInLine: false },
      { id: 'cy', name: 'Cy Brooks', nextInLine: false },
    ]);
  });

  it('hands the booking over to every member it lists, one after the other', async () => {
    const id = await book('2026-12-01T09:00:00Z');
    let current = 'ana';
    for (const { id: member } of await candidates(id)) {
      const res = await admin(app, 'POST', `/api/v1/admin/bookings/${id}/reassign`, { member, replace: current });
      expect(res.status, `to ${member}`).toBe(200);
      expect((await res.json()).members.map((m: { id: string }) => m.id)).toEqual([member]);
      current = member;
    }
    expect(current).toBe('cy');
  });

  it('leaves out the members a reassignment refuses as busy: other bookings, busy time, calendars, a day off', async () => {
    const first = await book('2026-12-01T09:00:00Z');
    const second = await book('2026-12-01T09:00:00Z');
    const listed = (await candidates(first)).map((c: { id: string }) => c.id);
    const [taken] = await members(second);
    expect(listed).not.toContain(taken);
    for (const member of [taken, 'una', 'ivy', 'ova']) {
      expect(listed).not.toContain(member);
      const res = await admin(app, 'POST', `/api/v1/admin/bookings/${first}/reassign`, { member });
      expect(res.status, member).toBe(409);
      expect((await res.json()).error.code).toBe('slot_unavailable');
    }
  });

  it('answers for the place asked for in a panel, with the pool’s order only for a place drawn from the pool', async () => {
    const id = await book('2026-12-02T09:00:00Z', 'duo');
    expect(await members(id)).toEqual(['ana', 'cy']);
    const byName = ['zed', 'bo', 'dee', 'ivy', 'ova', 'una'];
    // Left out, the place is the first member's: Ana's, drawn from the sales pool.
    const poolFirst = [{ id: 'bo', nextInLine: true }, { id: 'dee', nextInLine: false }, ...['zed', 'ivy', 'ova', 'una'].map((m) => ({ id: m, nextInLine: false }))];
    expect(await candidates(id)).toMatchObject(poolFirst);
    expect(await candidates(id, '?replace=ana')).toMatchObject(poolFirst);
    expect(await candidates(id, '?replace=cy')).toMatchObject(byName.map((m) => ({ id: m, nextInLine: false })));
    const stranger = await admin(app, 'GET', `/api/v1/admin/bookings/${id}/candidates?replace=zed`);
    expect(stranger.status).toBe(422);
    expect((await stranger.json()).error.fields).toEqual({ replace: 'must be one of the assigned members' });
  });

  it('answers a member for their own place in their own bookings only', async () => {
    const id = await book('2026-12-02T09:00:00Z', 'duo');
    const cy = await memberKey('cy');
    const own = await asMember(cy, `/api/v1/admin/bookings/${id}/candidates`);
    expect(own.status).toBe(200);
    expect((await own.json()).items).toEqual(await candidates(id, '?replace=cy'));
    const others = await asMember(cy, `/api/v1/admin/bookings/${id}/candidates?replace=ana`);
    expect(others.status).toBe(403);
    expect((await others.json()).error.code).toBe('forbidden');
    const notTheirs = await asMember(await memberKey('bo'), `/api/v1/admin/bookings/${id}/candidates`);
    expect(notTheirs.status).toBe(404);
    expect((await asMember(cy, '/api/v1/admin/bookings/nope/candidates')).status).toBe(404);
  });

  it('refuses a booking that no longer holds its time, as reassign does', async () => {
    const id = await book('2026-12-01T09:00:00Z');
    expect((await admin(app, 'POST', `/api/v1/admin/bookings/${id}/cancel`)).status).toBe(200);
    const res = await admin(app, 'GET', `/api/v1/admin/bookings/${id}/candidates`);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('invalid_state');
  });
});
