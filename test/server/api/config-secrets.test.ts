/**
 * The config's secrets (CalDAV passwords, webhook secrets) on each store: sealed in the rows, never
 * in an export, a schedule or a log line; the export's `"********"` keeps them on the way back, a
 * new value replaces them, and a marker with nothing stored behind it is refused. A stored secret
 * that does not open (altered, or sealed by a key this process lacks) breaks nothing else.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_SECRET } from '../../../server/config/kept-secrets.js';
import { kairosLogger } from '../../../server/process/logger.js';
import { configSnapshot } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { secretKeysFrom } from '../../../server/store/sealed-secrets.js';
import { forgetSecretKeys, secretKeys, useSecretKeys } from '../../../server/store/secret-keys.js';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, seed, teamConfig, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const PASSWORD = 'caldav-Pa55word-of-ana';
const WEBHOOK_SECRET = 'whsec_U2VjcmV0LW9mLXRoZS1jcm0td2ViaG9vaw==';
const ANA_CALENDAR = 'https://dav.example.com/ana/work/';

/** The team, with a CalDAV calendar (with a password) for Ana, an ICS feed for Bo, and a signed webhook. */
function teamWithSecrets() {
  const config = teamConfig();
  config.members![0]!.calendars = [{ type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: PASSWORD }];
  config.members![1]!.calendars = [{ type: 'ics', url: 'https://calendar.example.com/bo.ics' }];
  config.webhooks = [{ id: 'crm', url: 'https://hooks.example.com/kairos', events: ['booking.created'], secret: WEBHOOK_SECRET }];
  return config;
}

/** Every row of the config tables, as the database holds them. */
async function rawConfigRows(store: Store): Promise<string> {
  const members = await store.db.selectFrom('members').select('data').execute();
  const webhooks = await store.db.selectFrom('webhooks').select('data').execute();
  return JSON.stringify([...members, ...webhooks]);
}

/** Lines a logger writes, kept in memory. */
function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: kairosLogger({ level: 'trace' }, stream) };
}

describe.each(backends.map((b) => [b.name, b] as const))('config secrets on %s', (_name, backend) => {
  let store: Store;
  let test: ReturnType<typeof testApp>;
  beforeEach(async () => {
    store = await backend.open();
    test = testApp(store);
    const put = await admin(test.app, 'PUT', '/api/v1/admin/config', teamWithSecrets());
    expect(put.status, await put.clone().text()).toBe(200);
  });

  it('stores no secret in the clear: the rows hold sealed values, which open to the secrets', async () => {
    const raw = await rawConfigRows(store);
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain(WEBHOOK_SECRET);
    expect(raw.match(/sealed:v1:[0-9a-f]{8}:/g)).toHaveLength(2);
    // What the server uses (the CalDAV reader, the webhook signer) is the secret itself.
    const config = await configSnapshot(store.db);
    expect(config.members.get('ana')!.calendars).toEqual([{ type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: PASSWORD }]);
    expect(config.webhooks.get('crm')!.webhook.secret).toBe(WEBHOOK_SECRET);
    expect(config.unreadableSecrets).toEqual([]);
  });

  it('exports the config with every secret as "********", and nothing else changed', async () => {
    const response = await admin(test.app, 'GET', '/api/v1/admin/config');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(WEBHOOK_SECRET);
    const exported = JSON.parse(text);
    expect(exported.members.find((m: { id: string }) => m.id === 'ana').calendars).toEqual([{ type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: KEPT_SECRET }]);
    expect(exported.members.find((m: { id: string }) => m.id === 'bo').calendars).toEqual([{ type: 'ics', url: 'https://calendar.example.com/bo.ics' }]);
    expect(exported.webhooks).toEqual([{ id: 'crm', url: 'https://hooks.example.com/kairos', events: ['booking.created'], secret: KEPT_SECRET }]);
  });

  it('keeps the stored secrets when its export is imported back, and exports the same again', async () => {
    const exported = await (await admin(test.app, 'GET', '/api/v1/admin/config')).json();
    const put = await admin(test.app, 'PUT', '/api/v1/admin/config', exported);
    expect(put.status, await put.clone().text()).toBe(200);
    const config = await configSnapshot(store.db);
    expect(config.members.get('ana')!.calendars[0]).toMatchObject({ password: PASSWORD });
    expect(config.webhooks.get('crm')!.webhook.secret).toBe(WEBHOOK_SECRET);
    expect(await (await admin(test.app, 'GET', '/api/v1/admin/config')).json()).toEqual(exported);
    const raw = await rawConfigRows(store);
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain(KEPT_SECRET);
  });

  it('replaces a secret sent anew', async () => {
    const exported = await (await admin(test.app, 'GET', '/api/v1/admin/config')).json();
    exported.members.find((m: { id: string }) => m.id === 'ana').calendars[0].password = 'a-new-password';
    exported.webhooks[0].secret = 'whsec_bmV3LXNlY3JldC1vZi10aGUtY3Jt';
    expect((await admin(test.app, 'PUT', '/api/v1/admin/config', exported)).status).toBe(200);
    const config = await configSnapshot(store.db);
    expect(config.members.get('ana')!.calendars[0]).toMatchObject({ password: 'a-new-password' });
    expect(config.webhooks.get('crm')!.webhook.secret).toBe('whsec_bmV3LXNlY3JldC1vZi10aGUtY3Jt');
    expect(await rawConfigRows(store)).not.toContain('a-new-password');
  });

  it('refuses a marker with nothing stored behind it — another URL, another member, a new webhook — and changes nothing', async () => {
    const before = await rawConfigRows(store);
    const config = teamWithSecrets();
    config.members![0]!.calendars = [{ type: 'caldav', url: 'https://evil.example.net/collect/', username: 'ana', password: KEPT_SECRET }];
    config.members![2]!.calendars = [{ type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: KEPT_SECRET }];
    config.webhooks = [{ id: 'crm', url: 'https://hooks.example.com/kairos', events: ['booking.created'], secret: KEPT_SECRET }, { url: 'https://other.example.com/', events: ['booking.created'], secret: KEPT_SECRET }];
    const response = await admin(test.app, 'PUT', '/api/v1/admin/config', config);
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields).sort()).toEqual(['members.0.calendars.0.password', 'members.2.calendars.0.password', 'webhooks.1.secret']);
    expect(await rawConfigRows(store)).toBe(before);
  });

  it('shows a member’s schedule without the password, keeps it on a save of the same, refuses the marker for a new address', async () => {
    const shown = await admin(test.app, 'GET', '/api/v1/admin/members/ana/schedule');
    const schedule = await shown.json();
    expect(schedule.calendars).toEqual([{ type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: KEPT_SECRET }]);

    const saved = await admin(test.app, 'PUT', '/api/v1/admin/members/ana/schedule', { ...schedule, weekly: { mon: [['10:00', '12:00']] } });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect((await saved.json()).calendars[0].password).toBe(KEPT_SECRET);
    expect((await configSnapshot(store.db)).members.get('ana')!.calendars[0]).toMatchObject({ password: PASSWORD });
    expect(await rawConfigRows(store)).not.toContain(PASSWORD);

    const moved = await admin(test.app, 'PUT', '/api/v1/admin/members/ana/schedule', { ...schedule, calendars: [{ ...schedule.calendars[0], url: 'https://evil.example.net/collect/' }] });
    expect(moved.status).toBe(422);
    expect((await moved.json()).error.fields).toEqual({ 'calendars.0.password': expect.stringContaining('send the password') });
    expect((await configSnapshot(store.db)).members.get('ana')!.calendars[0]).toMatchObject({ url: ANA_CALENDAR, password: PASSWORD });
  });

  it('tries a saved calendar sent with its marker using the stored password, and refuses a marker for an unsaved one', async () => {
    const seen: string[] = [];
    const fetchFn = (async (_url: string, init?: RequestInit) => {
      seen.push(String(new Headers(init?.headers).get('authorization')));
      return new Response('', { status: 401 });
    }) as typeof fetch;
    const app = testApp(store, { calendar: new CalendarBusy({ fetch: fetchFn }) }).app;
    const tried = await admin(app, 'POST', '/api/v1/admin/members/ana/calendar-test', { calendar: { type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: KEPT_SECRET } });
    expect(tried.status).toBe(200);
    expect(seen).toEqual([`Basic ${Buffer.from(`ana:${PASSWORD}`).toString('base64')}`]);
    const unsaved = await admin(app, 'POST', '/api/v1/admin/members/ana/calendar-test', { calendar: { type: 'caldav', url: 'https://dav.example.com/ana/other/', username: 'ana', password: KEPT_SECRET } });
    expect(unsaved.status).toBe(422);
    expect((await unsaved.json()).error.fields).toHaveProperty(['calendar.password']);
    expect(seen).toHaveLength(1);
  });

  it('survives a sealed value altered in the database: the export and slots still answer, the secret is said unreadable', async () => {
    const row = await store.db.selectFrom('members').select('data').where('id', '=', 'ana').executeTakeFirstOrThrow();
    const sealed = /sealed:v1:[0-9a-f]{8}:([A-Za-z0-9_-]+)/.exec(row.data)!;
    const flipped = sealed[1]!.slice(0, 20) + (sealed[1]![20] === 'A' ? 'B' : 'A') + sealed[1]!.slice(21);
    await store.db.updateTable('members').set({ data: row.data.replace(sealed[1]!, flipped) }).where('id', '=', 'ana').execute();

    const config = await configSnapshot(store.db);
    expect(config.unreadableSecrets).toEqual([expect.stringMatching(/^member "ana", calendar at https:\/\/dav\.example\.com: password sealed value \(key [0-9a-f]{8}\) does not open/)]);
    expect(config.members.get('ana')!.calendars[0]).not.toHaveProperty('password');
    expect((await admin(test.app, 'GET', '/api/v1/admin/config')).status).toBe(200);
    expect((await test.app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-01&timezone=UTC')).status).toBe(200);
    // A marker cannot keep what no longer opens: the import must give the password again.
    const exported = await (await admin(test.app, 'GET', '/api/v1/admin/config')).json();
    exported.members.find((m: { id: string }) => m.id === 'ana').calendars[0].password = KEPT_SECRET;
    expect((await admin(test.app, 'PUT', '/api/v1/admin/config', exported)).status).toBe(422);
  });

  it('names a key this process does not hold, keeps serving, and sends no webhook unsigned', async () => {
    const sealedBy = /sealed:v1:([0-9a-f]{8}):/.exec(await rawConfigRows(store))![1];
    const original = secretKeys();
    // A process started with another key: a ring without the one that sealed the rows.
    forgetSecretKeys();
    useSecretKeys(secretKeysFrom([Buffer.alloc(32, 7).toString('base64')], 'test'));
    try {
      // Any write to a config table makes the next snapshot read the rows again.
      await store.db.updateTable('pools').set({ updated_at: '2026-11-30T12:00:00.000Z' }).execute();
      const config = await configSnapshot(store.db);
      expect(config.unreadableSecrets).toEqual([
        `webhook "crm": secret sealed with key ${sealedBy}, which this server does not hold (KAIROS_SECRET_KEYS)`,
        `member "ana", calendar at https://dav.example.com: password sealed with key ${sealedBy}, which this server does not hold (KAIROS_SECRET_KEYS)`,
      ]);
      expect(config.webhooks.get('crm')).toMatchObject({ webhook: { secret: '' }, unreadable: expect.stringContaining('webhook "crm"') });
      expect((await admin(test.app, 'GET', '/api/v1/admin/members/ana/schedule')).status).toBe(200);
      expect((await admin(test.app, 'GET', '/api/v1/admin/config')).status).toBe(200);
    } finally {
      forgetSecretKeys();
      useSecretKeys(original);
      await store.db.updateTable('pools').set({ updated_at: '2026-11-30T12:00:01.000Z' }).execute();
    }
  });

  it('logs no secret while a config with secrets is imported, exported, and its calendar read and refused', async () => {
    const { lines, log } = logCapture();
    const fetchFn = (async () => new Response('', { status: 401 })) as unknown as typeof fetch;
    const app = testApp(store, { log, calendar: new CalendarBusy({ log, fetch: fetchFn }) }).app;
    expect((await admin(app, 'PUT', '/api/v1/admin/config', teamWithSecrets())).status).toBe(200);
    expect((await admin(app, 'GET', '/api/v1/admin/config')).status).toBe(200);
    expect((await admin(app, 'PUT', '/api/v1/admin/config', { ...teamWithSecrets(), pages: [{ slug: 'x', entries: [] }] })).status).toBe(422);
    expect((await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-01&timezone=UTC')).status).toBe(200);
    expect((await admin(app, 'POST', '/api/v1/admin/members/ana/calendar-test', { calendar: { type: 'caldav', url: ANA_CALENDAR, username: 'ana', password: PASSWORD } })).status).toBe(200);
    // The net under all that: a config or calendar logged whole by mistake shows no secret.
    log.info({ config: teamWithSecrets(), calendar: teamWithSecrets().members![0]!.calendars![0] }, 'a careless line');

    const logged = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(logged).toContain('calendar could not be read');
    expect(logged).toContain('a careless line');
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(WEBHOOK_SECRET);
    expect(logged).not.toContain(Buffer.from(`ana:${PASSWORD}`).toString('base64'));
  });
});
