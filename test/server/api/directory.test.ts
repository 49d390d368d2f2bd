/** `GET /api/v1/admin/directory`: what the console's filter menus list, by name, the same for the admin and every member, without addresses. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, seed, teamConfig, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

/** The team, with names and titles whose order by name is not their order by id, and a title with no English. */
function team() {
  const config = teamConfig();
  config.members!.push({ id: 'aaron', name: 'Zoë Zimmer', email: 'zoe.z@example.com', timezone: 'UTC' }, { id: 'zz', name: 'ángel Ruiz', email: 'angel@example.com', timezone: 'UTC' });
  config.pools!.push({ id: 'APAC', method: 'pooled', members: [{ member: 'zz' }] });
  config.eventTypes!.push({ id: 'a-intro', title: { de: 'Kennenlernen', fr: 'Découverte' }, durationMinutes: 15 });
  config.pages!.push({ slug: 'a-page', title: { fr: 'Équipe', en: 'Team', 'pt-BR': 'Equipe' }, entries: [{ event: 'a-intro', host: { member: 'zz' } }] });
  return config;
}

describe.each(backends.map((b) => [b.name, b] as const))('the directory on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store, team());
    ({ app } = testApp(store));
  });

  const expected = {
    members: [
      { id: 'ana', name: 'Ana Silva' },
      { id: 'zz', name: 'ángel Ruiz' },
      { id: 'bo', name: 'Bo Laurent' },
      { id: 'cy', name: 'Cy Brooks' },
      { id: 'aaron', name: 'Zoë Zimmer' },
    ],
    pools: [
      { id: 'APAC', name: 'APAC' },
      { id: 'emea', name: 'emea' },
      { id: 'sales', name: 'sales' },
    ],
    pages: [
      { slug: 'sales', title: 'Talk to sales' },
      { slug: 'a-page', title: 'Team' },
      { slug: 'solo', title: 'With Cy' },
    ],
    eventTypes: [
      { id: 'group', title: 'Group session' },
      { id: 'a-intro', title: 'Kennenlernen' },
      { id: 'office', title: 'Office hours' },
      { id: 'demo', title: 'Product demo' },
    ],
  };

  it('lists members, pools, pages and event types by name, titles in English or else their first language', async () => {
    const res = await admin(app, 'GET', '/api/v1/admin/directory');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expected);
  });

  it('shows a member the whole list, without anyone’s address, and nobody without a key', async () => {
    const key = (await (await admin(app, 'POST', '/api/v1/admin/members/cy/key')).json()).key as string;
    const res = await app.request('/api/v1/admin/directory', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).not.toContain('@');
    expect((await app.request('/api/v1/admin/directory')).status).toBe(401);
  });
});
