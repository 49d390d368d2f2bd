import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, wholeNumberSetting } from '../../../server/main.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, seed, testApp } from '../support/fixtures.js';
import { startBuiltServer } from '../../../harness/server-process.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-process-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await disposeStores();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const quiet = pino({ level: 'silent' });

describe('the server process', () => {
  it('starts on an empty database with the demo config, a generated admin key shown once, and keeps bookings across a restart', async () => {
    const dir = tempDir();
    const options = { port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, outboxDir: join(dir, 'outbox'), log: quiet };
    const first = await startServer(options);
    try {
      expect(first.generatedAdminKey).toMatch(/^kairos_[A-Za-z0-9_-]{32}$/);
      const page = await (await fetch(`${first.url}/api/v1/pages/sales`)).json();
      expect(page.entries.map((e: { event: string }) => e.event)).toEqual(['demo', 'deep-dive']);
      const config = await fetch(`${first.url}/api/v1/admin/config`, { headers: { authorization: `Bearer ${first.generatedAdminKey}` } });
      expect(config.status).toBe(200);
      expect((await config.json()).members.length).toBeGreaterThanOrEqual(8);
      const slots = await (await fetch(`${first.url}/api/v1/pages/ana/slots?event=intro&from=2027-01-04&to=2027-01-05&timezone=Europe/Lisbon`)).json();
      expect(slots.slots.length).toBeGreaterThan(10);
      const booked = await fetch(`${first.url}/api/v1/pages/ana/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...demoRequest(slots.slots[0].start), event: 'intro', answers: {} }),
      });
      expect(booked.status).toBe(201);
      const booking = await booked.json();
      expect(booking.manageUrl.startsWith(`http://localhost:${first.port}/manage/`)).toBe(true);
      await first.close();
      await expect(fetch(`${first.url}/api/v1/pages/sales`)).rejects.toThrow();

      const second = await startServer(options);
      try {
        expect(second.generatedAdminKey).toBeUndefined();
        const again = await fetch(`${second.url}/api/v1/bookings/${booking.id}?token=${new URL(booking.manageUrl).searchParams.get('token')}`);
        expect((await again.json()).status).toBe('confirmed');
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  it('takes the admin key from the environment when given', async () => {
    const dir = tempDir();
    const server = await startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, adminKey: 'from-env-key-123', worker: false, log: quiet });
    try {
      expect(server.generatedAdminKey).toBeUndefined();
      const res = await fetch(`${server.url}/api/v1/admin/config`, { headers: { authorization: 'Bearer from-env-key-123' } });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('shutting down with a live activity stream open', () => {
  it('ends the stream and closes without waiting on it', async () => {
    const dir = tempDir();
    const server = await startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, adminKey: 'stream-admin-key-123', worker: false, log: quiet });
    const res = await fetch(`${server.url}/api/v1/admin/activity/events`, { headers: { authorization: 'Bearer stream-admin-key-123' } });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': open\n\n');
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    let chunk = await reader.read();
    while (!chunk.done) chunk = await reader.read();
    expect(chunk.done).toBe(true);
  });
});

describe('the process npm start runs (the bundle in build/)', () => {
  it('serves the demo site and the API, books, writes the emails in the customer’s language, and stops on SIGTERM', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const server = await startBuiltServer({ KAIROS_DATABASE_URL: `sqlite:${join(dir, 'kairos.db')}`, KAIROS_ADMIN_KEY: 'bundle-admin-key', KAIROS_RATE_LIMIT: '0' }, dir);
    try {
      const home = await fetch(`${server.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<kairos-booking page="sales">');
      const slots = await (await fetch(`${server.url}/api/v1/pages/ana/slots?event=intro&from=2027-01-04&to=2027-01-05&timezone=Europe/Lisbon`)).json();
      const booked = await fetch(`${server.url}/api/v1/pages/ana/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...demoRequest(slots.slots[0].start), event: 'intro', locale: 'fr', answers: {} }),
      });
      expect(booked.status).toBe(201);
      // The worker renders the customer's email from locales/fr.xlf, which the bundle finds from where it sits.
      const outbox = join(dir, 'data', 'outbox');
      const customerMail = async () => {
        for (const deadline = performance.now() + 15_000; performance.now() < deadline; ) {
          const mail = (existsSync(outbox) ? readdirSync(outbox) : []).map((f) => readFileSync(join(outbox, f), 'utf8')).find((m) => /^To: .*zoe@example\.org/m.test(m));
          if (mail) return mail;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return 'no email to the customer within 15 s';
      };
      expect(await customerMail()).toMatch(/^Subject: =\?UTF-8\?Q\?Confirm=C3=A9|^Subject: Confirmé/m);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });
});

describe('whole-number settings (KAIROS_RATE_LIMIT, KAIROS_TRUSTED_PROXIES)', () => {
  const rateLimit = (text: string) => wholeNumberSetting('KAIROS_RATE_LIMIT', text, 'booking requests per minute');

  it('takes a whole number, 0 included', () => {
    expect(rateLimit('30')).toBe(30);
    expect(rateLimit(' 0 ')).toBe(0);
  });

  it('stops the start on anything else, rather than quietly lifting the limit', () => {
    for (const text of ['thirty', '30/min', '-5', '2.5', 'NaN']) {
      expect(() => rateLimit(text), text).toThrow(/KAIROS_RATE_LIMIT must be a whole number of booking requests per minute/);
    }
  });
});

describe('pages served beside the API', () => {
  const site = () => {
    const dist = tempDir();
    const demo = tempDir();
    writeFileSync(join(dist, 'kairos.js'), 'export const kairos = 1;');
    writeFileSync(join(dist, 'kairos.iife.js'), 'window.Kairos = {};');
    mkdirSync(join(dist, 'locales'));
    writeFileSync(join(dist, 'locales', 'fr.js'), 'export const templates = {};');
    writeFileSync(join(demo, 'index.html'), '<!doctype html><title>Kairos demo</title>');
    writeFileSync(join(demo, 'popup.html'), '<!doctype html><title>Popup demo</title>');
    return { distDir: dist, demoDir: demo };
  };

  it('serves the widget bundles, their locale chunks and the demo pages', async () => {
    const store = await backends[0]!.open();
    await seed(store);
    const { app } = testApp(store, site());
    const js = await app.request('/kairos.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await app.request('/kairos.iife.js')).text()).toBe('window.Kairos = {};');
    expect((await app.request('/locales/fr.js')).status).toBe(200);
    expect(await (await app.request('/')).text()).toContain('Kairos demo');
    expect(await (await app.request('/popup.html')).text()).toContain('Popup demo');
    expect(await (await app.request('/popup')).text()).toContain('Popup demo');
    expect((await app.request('/missing.html')).status).toBe(404);
  });

  it('serves only the demo’s pages and their assets, never its config.json', async () => {
    const files = site();
    writeFileSync(join(files.demoDir, 'config.json'), '{"members": []}');
    writeFileSync(join(files.demoDir, 'notes.md'), '# private');
    writeFileSync(join(files.demoDir, 'demo.css'), 'body {}');
    writeFileSync(join(files.demoDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const store = await backends[0]!.open();
    const { app } = testApp(store, files);
    for (const path of ['/config.json', '/config', '/notes.md', '/CONFIG.JSON']) expect((await app.request(path)).status, path).toBe(404);
    for (const path of ['/demo.css', '/favicon.svg', '/popup']) expect((await app.request(path)).status, path).toBe(200);
  });

  it('lets any site load the bundle and its locale chunks across origins', async () => {
    const store = await backends[0]!.open();
    await seed(store);
    const { app } = testApp(store, site());
    for (const path of ['/kairos.js', '/kairos.iife.js', '/locales/fr.js']) {
      const response = await app.request(path, { headers: { origin: 'https://www.elsewhere.example' } });
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });

  it('serves a manage page embedding the widget with escaped attributes', async () => {
    const store = await backends[0]!.open();
    const { app } = testApp(store, site());
    const res = await app.request('/manage/abc%22def?token=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/kairos.js"></script>');
    expect(html).toContain('<kairos-booking booking-id="abc&#34;def" token="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"></kairos-booking>');
    expect(html).not.toContain('<script>alert(1)');
  });
});
