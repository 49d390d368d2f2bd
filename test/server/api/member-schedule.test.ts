/**
 * A member's schedule read and replaced through the admin API (`/admin/members/{member}/schedule`):
 * the config's own keys and formats, the very next slot search following the change, a member
 * reaching only their own, and the change in the activity stream without its values.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, seed, teamConfig, testApp } from '../support/fixtures.js';
import { memberKey, withKey } from '../support/member-key.js';

afterAll(disposeStores);

const allWeek = (hours: [string, string][]) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));

/** The team, plus a page where Cy alone takes hour-long office hours, every hour she is free. */
function team() {
  const config = teamConfig();
  config.pages!.push({ slug: 'cy', title: 'Office hours with Cy', entries: [{ event: 'office', host: { member: 'cy' } }] });
  return config;
}

const cySchedule = { timezone: 'UTC', weekly: allWeek([['09:00', '17:00']]), overrides: [], calendars: [] };
/** What a read answers: the days away too (none here), which a replace may leave out. */
const cyRead = { ...cySchedule, away: [] };

describe.each(backends.map((b) => [b.name, b] as const))('member schedules on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, team());
    test = testApp(store);
  });

  const slotStarts = async (from: string, to = from) => {
    const response = await test.app.request(`/api/v1/pages/cy/slots?event=office&from=${from}&to=${to}&timezone=UTC`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
  };
  const put = (schedule: unknown, member = 'cy') => admin(test.app, 'PUT', `/api/v1/admin/members/${member}/schedule`, schedule);
  const scheduleEntries = () => store.db.selectFrom('activity').select(['booking_id', 'type', 'actor', 'data']).where('type', '=', 'schedule_changed').execute();

  it('answers the schedule as the config holds it, its calendar password hidden, and not for keeping', async () => {
    await seed(store, {
      members: [
        {
          ...teamConfig().members![0]!,
          overrides: [{ date: '2026-12-24', intervals: [] }],
          calendars: [{ type: 'caldav', url: 'https://dav.example.com/ana/', username: 'ana', password: 'pw' }],
        },
      ],
    });
    const response = await admin(test.app, 'GET', '/api/v1/admin/members/ana/schedule');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      timezone: 'UTC',
      weekly: allWeek([['09:00', '17:00']]),
      overrides: [{ date: '2026-12-24', intervals: [] }],
      calendars: [{ type: 'caldav', url: 'https://dav.example.com/ana/', username: 'ana', password: '********' }],
      away: [],
    });
  });

  it('takes a day away with an override: the next slot search has nothing that day, and the days around it keep theirs', async () => {
    expect(await slotStarts('2026-12-02')).toHaveLength(8);
    const response = await put({ ...cySchedule, overrides: [{ date: '2026-12-02', intervals: [] }] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...cyRead, overrides: [{ date: '2026-12-02', intervals: [] }] });
    expect(await slotStarts('2026-12-02')).toEqual([]);
    expect(await slotStarts('2026-12-01')).toHaveLength(8);
    expect(await slotStarts('2026-12-03')).toHaveLength(8);
  });

  it('offers the new hours at once when the weekly hours widen', async () => {
    // 3 December 2026 is a Thursday.
    expect(await slotStarts('2026-12-03')).not.toContain('2026-12-03T07:00:00Z');
    expect((await put({ ...cySchedule, weekly: { ...cySchedule.weekly, thu: [['07:00', '20:00']] } })).status).toBe(200);
    const thursday = await slotStarts('2026-12-03');
    expect(thursday).toHaveLength(13);
    expect(thursday[0]).toBe('2026-12-03T07:00:00Z');
    expect(thursday.at(-1)).toBe('2026-12-03T19:00:00Z');
    expect(await slotStarts('2026-12-04')).toHaveLength(8);
  });

  it('reads the weekly hours in a new time zone', async () => {
    expect((await put({ ...cySchedule, timezone: 'America/New_York' })).status).toBe(200);
    // 09:00–17:00 in New York (UTC−5 in December) is 14:00–22:00 UTC.
    const starts = await slotStarts('2026-12-02');
    expect(starts[0]).toBe('2026-12-02T14:00:00Z');
    expect(starts.at(-1)).toBe('2026-12-02T21:00:00Z');
  });

  it('lets a member read and replace their own schedule, recorded with them as the actor and without the values', async () => {
    const key = await memberKey(test.app, 'cy');
    expect(await (await withKey(test.app, key, 'GET', '/api/v1/admin/members/cy/schedule')).json()).toEqual(cyRead);
    const changed = { ...cySchedule, weekly: { mon: [['10:00', '12:00']] }, overrides: [{ date: '2026-12-24', intervals: [['09:00', '11:00']] }] };
    const response = await withKey(test.app, key, 'PUT', '/api/v1/admin/members/cy/schedule', changed);
    expect(response.status).toBe(200);
    expect(await scheduleEntries()).toEqual([{ booking_id: null, type: 'schedule_changed', actor: 'member:cy', data: JSON.stringify({ member: 'cy', changed: ['weekly', 'overrides'] }) }]);
    const exported = (await (await admin(test.app, 'GET', '/api/v1/admin/config')).json()) as { members: { id: string }[] };
    expect(exported.members.find((m) => m.id === 'cy')).toMatchObject({ name: 'Cy Brooks', email: 'cy@example.com', ...changed });
  });

  it('answers a colleague’s schedule as one that does not exist, and leaves it alone', async () => {
    const key = await memberKey(test.app, 'ana');
    const absent = await withKey(test.app, key, 'GET', '/api/v1/admin/members/nobody/schedule');
    for (const [method, body] of [['GET'], ['PUT', { ...cySchedule, weekly: {} }]] as const) {
      const response = await withKey(test.app, key, method, '/api/v1/admin/members/cy/schedule', body);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(await absent.clone().json());
    }
    expect(absent.status).toBe(404);
    expect(await slotStarts('2026-12-02')).toHaveLength(8);
    expect(await scheduleEntries()).toEqual([]);
  });

  it('gives an admin any member, and 404 for a member that does not exist', async () => {
    expect((await admin(test.app, 'GET', '/api/v1/admin/members/bo/schedule')).status).toBe(200);
    const absent = await put(cySchedule, 'nobody');
    expect(absent.status).toBe(404);
    expect((await absent.json()).error.code).toBe('not_found');
    expect((await admin(test.app, 'GET', '/api/v1/admin/members/nobody/schedule')).status).toBe(404);
  });

  it('refuses a schedule missing a part, with a key it does not have, or with a time that is not one, storing nothing', async () => {
    const refused = [
      [{ timezone: 'UTC', weekly: {} }, ['overrides', 'calendars']],
      [{ ...cySchedule, name: 'Cy B.' }, ['(body)']],
      [{ ...cySchedule, weekly: { mon: [['9h', '17:00']] } }, ['weekly.mon.0.0']],
      [{ ...cySchedule, overrides: [{ date: '24/12/2026', intervals: [] }] }, ['overrides.0.date']],
      [{ ...cySchedule, timezone: 'Mars/Olympus' }, ['timezone']],
      [{ ...cySchedule, calendars: [{ type: 'ics', url: 'not a url' }] }, ['calendars.0.url']],
    ] as const;
    for (const [schedule, fields] of refused) {
      const response = await put(schedule);
      expect(response.status, JSON.stringify(schedule)).toBe(422);
      const { error } = await response.json();
      expect(error.code).toBe('validation_failed');
      expect(Object.keys(error.fields).sort()).toEqual([...fields].sort());
    }
    expect(await (await admin(test.app, 'GET', '/api/v1/admin/members/cy/schedule')).json()).toEqual(cyRead);
    expect(await scheduleEntries()).toEqual([]);
  });

  it('records nothing when the schedule comes back unchanged, whatever the order of its keys', async () => {
    const reordered = { calendars: [], overrides: [], weekly: Object.fromEntries(Object.entries(cySchedule.weekly).reverse()), timezone: 'UTC' };
    expect((await put(reordered)).status).toBe(200);
    expect(await scheduleEntries()).toEqual([]);
    expect((await put({ ...cySchedule, timezone: 'Europe/Paris' })).status).toBe(200);
    expect((await scheduleEntries()).map((e) => JSON.parse(e.data))).toEqual([{ member: 'cy', changed: ['timezone'] }]);
  });

  it('shows the change in the admin’s activity stream and CSV as an entry about no booking, and not in a member’s', async () => {
    expect((await put({ ...cySchedule, calendars: [{ type: 'ics', url: 'https://calendar.example.com/cy.ics' }] })).status).toBe(200);
    const stream = await (await admin(test.app, 'GET', '/api/v1/admin/activity')).json();
    expect(stream.items).toEqual([{ id: expect.any(String), type: 'schedule_changed', at: '2026-11-30T12:00:00Z', actor: 'admin', data: { member: 'cy', changed: ['calendars'] }, booking: null }]);
    const csv = await (await admin(test.app, 'GET', '/api/v1/admin/activity.csv')).text();
    expect(csv.split('\r\n')[1]).toBe('2026-11-30T12:00:00Z,schedule_changed,admin,,,,,,,,,');
    expect(csv).not.toContain('calendar.example.com');
    const mine = await withKey(test.app, await memberKey(test.app, 'cy'), 'GET', '/api/v1/admin/activity');
    expect((await mine.json()).items).toEqual([]);
  });

  it('is replaced whole, schedule included, by a later config import that lists the member', async () => {
    expect((await put({ ...cySchedule, overrides: [{ date: '2026-12-02', intervals: [] }] })).status).toBe(200);
    expect((await admin(test.app, 'PUT', '/api/v1/admin/config', { members: [teamConfig().members![2]] })).status).toBe(200);
    expect(await (await admin(test.app, 'GET', '/api/v1/admin/members/cy/schedule')).json()).toEqual(cyRead);
    expect(await slotStarts('2026-12-02')).toHaveLength(8);
  });
});
