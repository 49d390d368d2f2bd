/**
 * Days away through the HTTP API, on both stores: the member's page hands their days over to a
 * colleague and names them, pools skip the member, round robin calibrates the absence, and the
 * schedule API reads and replaces the days.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { alwaysFreeMember, bookingBody, quickEvent } from '../../../harness/team-config.js';
import { backends, disposeStores } from '../support/backends.js';
import { NOW, admin, postJson, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

type Away = { from: string; to: string; handOverTo?: string; note?: string };

function config(away: Away[]): ConfigInput {
  return {
    members: [{ ...alwaysFreeMember('ana'), away }, alwaysFreeMember('bo'), alwaysFreeMember('cy')],
    eventTypes: [quickEvent('demo', { horizonDays: 60 })],
    pools: [
      { id: 'rr', method: 'round_robin', members: [{ member: 'ana' }, { member: 'bo' }, { member: 'cy' }] },
      { id: 'pooled', method: 'pooled', members: [{ member: 'ana' }, { member: 'bo' }] },
    ],
    pages: [
      { slug: 'ana', title: 'Ana', entries: [{ event: 'demo', host: { member: 'ana' } }] },
      { slug: 'rr', title: 'Team', entries: [{ event: 'demo', host: { pool: 'rr' } }] },
      { slug: 'pooled', title: 'Pooled', entries: [{ event: 'demo', host: { pool: 'pooled' } }] },
    ],
  };
}

type App = ReturnType<typeof testApp>['app'];
type SlotOut = { start: string; host?: { name: string } };

async function slots(app: App, page: string, from: string, to = from): Promise<SlotOut[]> {
  const response = await app.request(`/api/v1/pages/${page}/slots?from=${from}&to=${to}&timezone=UTC`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { slots: SlotOut[] }).slots;
}

async function book(app: App, page: string, start: string, who: string) {
  const made = await postJson(app, `/api/v1/pages/${page}/bookings`, bookingBody('demo', Date.parse(start), who));
  expect(made.status).toBe(201);
  return ((await made.json()) as { hosts: { name: string }[] }).hosts.map((h) => h.name.replace('Member ', ''));
}

describe.each(backends.map((b) => [b.name, b] as const))('days away on %s', (_name, backend) => {
  it('offers the colleague’s times on the member’s page on their days away, names them, and books them', async () => {
    const store = await backend.open();
    await seed(store, config([{ from: '2026-12-08', to: '2026-12-09', handOverTo: 'bo', note: 'Conference' }]));
    const { app } = testApp(store);
    const week = await slots(app, 'ana', '2026-12-07', '2026-12-10');
    const named = (day: string) => [...new Set(week.filter((s) => s.start.startsWith(day)).map((s) => s.host?.name ?? 'ana'))];
    expect(named('2026-12-07')).toEqual(['ana']);
    expect(named('2026-12-08')).toEqual(['Member bo']);
    expect(named('2026-12-09')).toEqual(['Member bo']);
    expect(named('2026-12-10')).toEqual(['ana']);
    expect(await book(app, 'ana', '2026-12-09T10:00:00Z', 'away')).toEqual(['bo']);
    expect(await book(app, 'ana', '2026-12-10T10:00:00Z', 'back')).toEqual(['ana']);
    // Bo's own time is taken now: the slot is gone from Ana's page too.
    expect((await slots(app, 'ana', '2026-12-09')).some((s) => s.start === '2026-12-09T10:00:00Z')).toBe(false);
  });

  it('offers nothing on the days away without a hand-over, and pools skip the member', async () => {
    const store = await backend.open();
    await seed(store, config([{ from: '2026-12-08', to: '2026-12-08' }]));
    const { app } = testApp(store);
    expect(await slots(app, 'ana', '2026-12-08')).toEqual([]);
    const pooled = await slots(app, 'pooled', '2026-12-08');
    expect(pooled.length).toBeGreaterThan(0);
    expect(await book(app, 'pooled', pooled[0].start, 'p')).toEqual(['bo']);
    // Round robin: Ana is next in line, yet on her day away the next member stands in.
    const rr = await slots(app, 'rr', '2026-12-08');
    expect(rr.length).toBeGreaterThan(0);
    expect(await book(app, 'rr', rr[0].start, 'r')).not.toEqual(['ana']);
  });

  it('neither punishes nor rewards the absence in round robin: back, the member takes their share, not every meeting', async () => {
    const store = await backend.open();
    await seed(store, config([{ from: '2026-12-08', to: '2026-12-08' }]));
    const { app, clock } = testApp(store);
    const first = async (day: string, who: string) => {
      clock.now += 60_000;
      const [slot] = await slots(app, 'rr', day);
      return (await book(app, 'rr', slot.start, who))[0];
    };
    // Four meetings on her day away go to Bo and Cy.
    const away = [];
    for (let n = 0; n < 4; n++) away.push(await first('2026-12-08', `a${n}`));
    expect(away.sort()).toEqual(['bo', 'bo', 'cy', 'cy']);
    // Calibrated with their average share (two), Ana is level with them: three meetings, one each.
    const back = [];
    for (let n = 0; n < 3; n++) back.push(await first('2026-12-10', `b${n}`));
    expect(back.sort()).toEqual(['ana', 'bo', 'cy']);
    expect(clock.now).toBeGreaterThan(NOW);
  });

  it('reads and replaces the days away through the schedule API, and refuses a hand-over to nobody', async () => {
    const store = await backend.open();
    await seed(store, config([]));
    const { app } = testApp(store);
    const read = await admin(app, 'GET', '/api/v1/admin/members/ana/schedule');
    expect(read.status).toBe(200);
    const schedule = (await read.json()) as Record<string, unknown>;
    expect(schedule.away).toEqual([]);
    const away = [{ from: '2026-12-08', to: '2026-12-08', handOverTo: 'cy', note: 'Dentist' }];
    const put = await admin(app, 'PUT', '/api/v1/admin/members/ana/schedule', { ...schedule, away });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { away: Away[] }).away).toEqual(away);
    expect([...new Set((await slots(app, 'ana', '2026-12-08')).map((s) => s.host?.name))]).toEqual(['Member cy']);
    // The console's screen sends no `away`: the days stay.
    const { away: _left, ...withoutAway } = schedule;
    expect((await admin(app, 'PUT', '/api/v1/admin/members/ana/schedule', withoutAway)).status).toBe(200);
    expect(((await (await admin(app, 'GET', '/api/v1/admin/members/ana/schedule')).json()) as { away: Away[] }).away).toEqual(away);
    const unknown = await admin(app, 'PUT', '/api/v1/admin/members/ana/schedule', { ...schedule, away: [{ from: '2026-12-08', to: '2026-12-08', handOverTo: 'zed' }] });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { code: string; fields: Record<string, string> } }).error).toMatchObject({ code: 'validation_failed', fields: { 'away.0.handOverTo': 'unknown member "zed"' } });
    const backwards = await admin(app, 'PUT', '/api/v1/admin/members/ana/schedule', { ...schedule, away: [{ from: '2026-12-09', to: '2026-12-08' }] });
    expect(backwards.status).toBe(422);
  });

  it('refuses a config whose days away hand over to an unknown member', async () => {
    const store = await backend.open();
    const { app } = testApp(store);
    const res = await admin(app, 'PUT', '/api/v1/admin/config', config([{ from: '2026-12-08', to: '2026-12-08', handOverTo: 'zed' }]));
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('members.0.away.0.handOverTo');
  });
});
