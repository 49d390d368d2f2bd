import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, disposeStores } from '../support/backends.js';
import { pageView } from '../../../server/api/page-view.js';
import { configSchema } from '../../../server/config/schema.js';
import { demoRequest, NOW, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

describe.each(backends.map((b) => [b.name, b] as const))('pages and slots on %s', (_name, backend) => {
  let app: ReturnType<typeof testApp>['app'];
  beforeAll(async () => {
    const store = await backend.open();
    await seed(store);
    app = testApp(store).app;
  });

  it('shows a page with its texts in the visitor’s locale', async () => {
    const res = await app.request('/api/v1/pages/sales?locale=fr');
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page).toMatchObject({ page: 'sales', title: 'Parler aux ventes', locale: 'fr', texts: { 'confirm.title': 'C’est noté' } });
    expect(page.locales).toEqual(['en-US', 'en-GB', 'fr', 'de', 'es', 'pt-BR', 'nl']);
    expect(page.entries).toEqual([
      expect.objectContaining({ event: 'demo', title: 'Démo produit', durationMinutes: 30, location: { type: 'video' }, seats: 1, host: { kind: 'pool' } }),
    ]);
    const country = page.fields.find((f: { id: string }) => f.id === 'country');
    expect(country).toMatchObject({ type: 'select', label: 'Pays', required: true });
    expect(country.options).toContainEqual({ value: 'US', label: 'États-Unis' });
  });

  it('falls back to the page’s own locale, then English, for texts the visitor’s locale lacks', async () => {
    const solo = await (await app.request('/api/v1/pages/solo?locale=de')).json();
    expect(solo.locale).toBe('de');
    expect(solo.title).toBe('Avec Cy');
    expect(solo.entries[1].title).toBe('Permanence');
    const sales = await (await app.request('/api/v1/pages/sales?locale=de')).json();
    expect(sales.title).toBe('Talk to sales');
  });

  it('names an entry’s host when it is known before booking, not a pool’s nor one routing may change', async () => {
    const solo = await (await app.request('/api/v1/pages/solo')).json();
    expect(solo.entries.map((e: { hosts?: unknown }) => e.hosts)).toEqual([[{ name: 'Cy Brooks' }], [{ name: 'Cy Brooks' }]]);
    const sales = await (await app.request('/api/v1/pages/sales')).json();
    expect(sales.entries[0]).not.toHaveProperty('hosts');
    const config = configSchema.parse(teamConfig());
    const page = config.pages.find((p) => p.slug === 'solo')!;
    const events = new Map(config.eventTypes.map((e) => [e.id, e]));
    const names = (id: string) => config.members.find((m) => m.id === id)?.name;
    const routed = { ...page, rules: [{ event: 'office', when: { field: 'country', equals: 'FR' }, host: { member: 'cy' } }] };
    expect(pageView(routed, events, 'en', names).entries.map((e) => e.hosts)).toEqual([[{ name: 'Cy Brooks' }], undefined]);
  });

  it('answers in the page’s locale when the visitor’s is not shipped', async () => {
    const page = await (await app.request('/api/v1/pages/solo?locale=ja')).json();
    expect(page.locale).toBe('fr');
    expect(page.localWorkingHours).toEqual({ start: '10:00', end: '12:00' });
  });

  it('answers 404 not_found for an unknown page', async () => {
    const res = await app.request('/api/v1/pages/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('gzips a month of slots for a client that accepts it, and only then', async () => {
    const url = '/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-31&timezone=Asia/Tokyo';
    const plain = await app.request(url);
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(8 * 1024);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    const zipped = await app.request(url, { headers: { 'Accept-Encoding': 'br;q=1, gzip;q=0.8' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length / 5);
    expect(gunzipSync(bytes).toString()).toBe(text);
    for (const header of ['gzip;q=0, identity', 'gzip;q=0, *']) {
      expect((await app.request(url, { headers: { 'Accept-Encoding': header } })).headers.get('content-encoding'), header).toBeNull();
    }
    expect((await app.request(url, { headers: { 'Accept-Encoding': 'br, *;q=0.5' } })).headers.get('content-encoding')).toBe('gzip');
    // A day's slots are small: sent as they are, whatever the client accepts.
    const day = await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-01&timezone=Asia/Tokyo', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(day.headers.get('content-encoding')).toBeNull();
  });

  it('lists sorted, unique slots within the asked days of the asked zone', async () => {
    const res = await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-02&timezone=Asia/Tokyo');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ event: 'demo', timezone: 'Asia/Tokyo' });
    const starts: string[] = body.slots.map((s: { start: string }) => s.start);
    expect(starts.length).toBeGreaterThan(0);
    expect([...starts].sort()).toEqual(starts);
    expect(new Set(starts).size).toBe(starts.length);
    // Tokyo is UTC+9: 1–2 December there is 30 Nov 15:00Z to 2 Dec 15:00Z.
    for (const start of starts) {
      expect(Date.parse(start)).toBeGreaterThanOrEqual(Date.parse('2026-11-30T15:00:00Z'));
      expect(Date.parse(start)).toBeLessThan(Date.parse('2026-12-02T15:00:00Z'));
    }
    // Members work 09:00–17:00 UTC, so Tokyo's 1 December opens with the 15:00Z slot of 30 November.
    expect(body.slots[0]).toEqual({ start: '2026-11-30T15:00:00Z', end: '2026-11-30T15:30:00Z', seatsLeft: 1 });
  });

  it('offers no slot before now', async () => {
    const body = await (await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-11-30&to=2026-11-30&timezone=UTC')).json();
    expect(body.slots.length).toBeGreaterThan(0);
    for (const slot of body.slots) expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(NOW);
  });

  it('keeps only slots inside the page’s local working hours, in the visitor’s zone', async () => {
    const body = await (await app.request('/api/v1/pages/solo/slots?event=group&from=2026-12-01&to=2026-12-01&timezone=UTC')).json();
    expect(body.slots.map((s: { start: string }) => s.start)).toEqual(['2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z']);
    expect(body.slots[0].seatsLeft).toBe(5);
  });

  it('refuses more than 62 days, reversed ranges and unknown zones with the fields at fault', async () => {
    const tooLong = await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2027-02-01&timezone=UTC');
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).error).toMatchObject({ code: 'validation_failed', fields: { to: expect.any(String) } });
    const reversed = await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-05&to=2026-12-01&timezone=UTC');
    expect(reversed.status).toBe(422);
    const zone = await app.request('/api/v1/pages/sales/slots?event=demo&from=2026-12-01&to=2026-12-01&timezone=Mars/Olympus');
    expect(zone.status).toBe(422);
    expect((await zone.json()).error.fields).toHaveProperty('timezone');
  });

  it('answers 404 for an event that is not on the page', async () => {
    const res = await app.request('/api/v1/pages/sales/slots?event=group&from=2026-12-01&to=2026-12-01&timezone=UTC');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('routed slots on %s', (_name, backend) => {
  let app: ReturnType<typeof testApp>['app'];
  const day = 'from=2026-12-01&to=2026-12-01&timezone=UTC';
  const slotsOf = async (query: string) => {
    const res = await app.request(`/api/v1/pages/sales/slots?${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()).slots as { start: string }[]).map((s) => s.start);
  };
  const answers = (a: object) => `answers=${encodeURIComponent(JSON.stringify(a))}`;

  beforeAll(async () => {
    const store = await backend.open();
    await seed(store);
    app = testApp(store).app;
    // France routes to the emea pool, whose only member is Bo: Bo is now busy at 09:00.
    const made = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { answers: { company: 'ACME', country: 'FR' } }));
    expect(made.status).toBe(201);
  });

  it('names the answers its routing rules read', async () => {
    expect((await (await app.request('/api/v1/pages/sales')).json()).routingFields).toEqual(['country']);
    expect((await (await app.request('/api/v1/pages/solo')).json()).routingFields).toEqual([]);
  });

  it('shows the times of the host the answers route to, as the booking will', async () => {
    // Round robin shows Ana next (Bo has a booking); Ana is free at 09:00.
    expect(await slotsOf(`event=demo&${day}`)).toContain('2026-12-01T09:00:00Z');
    expect(await slotsOf(`event=demo&${day}&${answers({ country: 'US' })}`)).toContain('2026-12-01T09:00:00Z');
    const emea = await slotsOf(`event=demo&${day}&${answers({ country: 'FR' })}`);
    expect(emea).not.toContain('2026-12-01T09:00:00Z');
    expect(emea).toContain('2026-12-01T09:30:00Z');
  });

  it('says a refusing rule’s message before any time is chosen, in the asked language', async () => {
    const res = await app.request(`/api/v1/pages/sales/slots?event=demo&${day}&locale=fr&${answers({ country: 'other' })}`);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toEqual({ code: 'refused', message: 'Nous ne servons que la France et les États-Unis.' });
  });

  it('defaults to the page’s first entry when no event is asked', async () => {
    const res = await app.request(`/api/v1/pages/solo/slots?${day}`);
    expect(res.status).toBe(200);
    expect((await res.json()).event).toBe('group');
  });

  it('rejects answers that are not a JSON object of text or true/false', async () => {
    for (const bad of ['{', '[1]', '{"country":{"nested":1}}', '"FR"']) {
      const res = await app.request(`/api/v1/pages/sales/slots?event=demo&${day}&answers=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(422);
      expect((await res.json()).error).toMatchObject({ code: 'validation_failed', fields: { answers: expect.any(String) } });
    }
  });
});
