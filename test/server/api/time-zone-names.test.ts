/**
 * Time zones are kept under one name each: however a client spells a zone (`EUROPE/PARIS`) or
 * whichever link it uses (`US/Pacific`), bookings, slots and the config store and answer the
 * name the runtime's Intl resolves it to.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalTimeZone, isTimeZone } from '../../../shared/time-zones.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, seed, teamConfig, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

/**
 * What Intl (ICU) resolves each to, and the current IANA name where ICU still keeps an old one
 * (it resolves `Asia/Kolkata` to `Asia/Calcutta`); `US/Pacific-New` only where the runtime still
 * knows it.
 */
const spellings: [string, string][] = [
  ['EUROPE/PARIS', 'Europe/Paris'],
  ['europe/lisbon', 'Europe/Lisbon'],
  ['US/Pacific', 'America/Los_Angeles'],
  ['utc', 'UTC'],
  ['Etc/UTC', 'UTC'],
  ['Asia/Kolkata', 'Asia/Kolkata'],
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['europe/kiev', 'Europe/Kyiv'],
  ['Europe/Kyiv', 'Europe/Kyiv'],
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Indiana/Indianapolis', 'America/Indiana/Indianapolis'],
  ...(isTimeZone('US/Pacific-New') ? [['US/Pacific-New', 'America/Los_Angeles'] as [string, string]] : []),
];

describe('canonicalTimeZone', () => {
  it.each(spellings)('names %s as %s', (spelling, name) => {
    expect(canonicalTimeZone(spelling)).toBe(name);
  });

  it('keeps a canonical name as it is', () => {
    for (const name of ['Europe/Paris', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC']) expect(canonicalTimeZone(name)).toBe(name);
  });

  it('knows no zone by a name Intl does not know', () => {
    for (const name of ['', 'Europe/Nowhere', 'UTC\u0000', 'Etc/GMT+99']) expect(canonicalTimeZone(name)).toBeUndefined();
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('time zone names on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app } = testApp(store));
  });

  it('answers a booking, and stores it, in the canonical name of the zone it was sent in', async () => {
    for (const [i, [spelling, name]] of spellings.entries()) {
      // A slot of its own for each: 09:00, 09:30, … on 1 and 2 December.
      const start = new Date(Date.parse('2026-12-01T09:00:00Z') + (i % 16) * 1_800_000 + Math.floor(i / 16) * 86_400_000).toISOString();
      const response = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start, { timezone: spelling }));
      expect(response.status, spelling).toBe(201);
      const booking = (await response.json()) as { id: string; timezone: string; manageUrl: string };
      expect(booking.timezone, spelling).toBe(name);
      const row = await store.db.selectFrom('bookings').select('timezone').where('id', '=', booking.id).executeTakeFirstOrThrow();
      expect(row.timezone, spelling).toBe(name);
      const read = (await (await app.request(`/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`)).json()) as { timezone: string };
      expect(read.timezone, spelling).toBe(name);
    }
  });

  it('stores a booking made on behalf of a customer under the canonical name too', async () => {
    const response = await admin(app, 'POST', '/api/v1/admin/bookings', { page: 'sales', ...demoRequest('2026-12-02T09:00:00Z', { timezone: 'US/Pacific' }) });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { timezone: string }).timezone).toBe('America/Los_Angeles');
  });

  it('answers slots in the canonical name of the zone asked for, on the same days', async () => {
    const slots = async (zone: string) => {
      const response = await app.request(`/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-02&timezone=${encodeURIComponent(zone)}`);
      expect(response.status, zone).toBe(200);
      return (await response.json()) as { timezone: string; slots: { start: string }[] };
    };
    const linked = await slots('US/Pacific');
    const canonical = await slots('America/Los_Angeles');
    expect(linked.timezone).toBe('America/Los_Angeles');
    expect(linked.slots).toEqual(canonical.slots);
    expect((await slots('EUROPE/PARIS')).timezone).toBe('Europe/Paris');
  });

  it('imports members’ zones under their canonical names, and exports those', async () => {
    const config = teamConfig();
    config.members![0]!.timezone = 'EUROPE/LISBON';
    config.members![1]!.timezone = 'US/Pacific';
    expect((await admin(app, 'PUT', '/api/v1/admin/config', config)).status).toBe(200);
    const exported = (await (await admin(app, 'GET', '/api/v1/admin/config')).json()) as { members: { id: string; timezone: string }[] };
    const zones = Object.fromEntries(exported.members.map((m) => [m.id, m.timezone]));
    expect(zones).toMatchObject({ ana: 'Europe/Lisbon', bo: 'America/Los_Angeles' });
  });

  it('still refuses a zone Intl does not know, naming the field', async () => {
    const response = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { timezone: 'Europe/Nowhere' }));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('timezone');
  });
});
