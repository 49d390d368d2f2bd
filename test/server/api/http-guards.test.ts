import { request } from 'node:http';
import { connect } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/main.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { demoRequest, postJson, PUBLIC_URL, seed, testApp, tokenOf } from '../support/fixtures.js';

afterAll(disposeStores);

const sqlite = backends[0]!;
let store: Store;
beforeAll(async () => {
  store = await sqlite.open();
  await seed(store);
});

/** What the Node adapter hands Hono for a request from `address` (read by getConnInfo). */
const fromIp = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 5000, remoteFamily: 'IPv4' } } });

describe('CORS on public routes', () => {
  it('lets a page’s allowed origin read its answers', async () => {
    const { app } = testApp(store);
    const res = await app.request('/api/v1/pages/sales', { headers: { origin: 'https://www.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('answers an allowed preflight with the methods and headers the widget uses', async () => {
    const { app } = testApp(store);
    const res = await app.request('/api/v1/pages/sales/bookings', {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('refuses other origins, preflight or not, with 403 and no CORS headers', async () => {
    const { app } = testApp(store);
    const get = await app.request('/api/v1/pages/sales', { headers: { origin: 'https://evil.example' } });
    expect(get.status).toBe(403);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect((await get.json()).error.code).toBe('origin_not_allowed');
    const preflight = await app.request('/api/v1/pages/sales/bookings', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    const post = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z'), { origin: 'https://evil.example' });
    expect(post.status).toBe(403);
  });

  it('allows the server’s own origin on every page', async () => {
    const { app } = testApp(store);
    const res = await app.request('/api/v1/pages/solo', { headers: { origin: PUBLIC_URL } });
    expect(res.status).toBe(200);
  });

  it('lets an allowed origin read a 413, so the widget shows the error instead of a network failure', async () => {
    const { app } = testApp(store);
    const origin = { origin: 'https://www.example.com' };
    const booking = await (await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-04T09:00:00Z'))).json();
    const huge = 'x'.repeat(70_000);
    for (const [path, body] of [
      ['/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { name: huge })],
      [`/api/v1/bookings/${booking.id}/cancel`, { token: tokenOf(booking), reason: huge }],
    ] as const) {
      const res = await postJson(app, path, body, origin);
      expect(res.status, path).toBe(413);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('https://www.example.com');
      expect((await res.json()).error.code).toBe('payload_too_large');
    }
  });

  it('applies the booking’s page origins to its manage routes', async () => {
    const { app } = testApp(store);
    const booking = await (await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-03T09:00:00Z'))).json();
    const path = `/api/v1/bookings/${booking.id}?token=${tokenOf(booking)}`;
    expect((await app.request(path, { headers: { origin: 'https://www.example.com' } })).status).toBe(200);
    expect((await app.request(path, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('rate limit on booking creation', () => {
  it('answers 429 rate_limited past the per-minute budget of one client IP, and not for another IP', async () => {
    const { app, clock } = testApp(store, { rateLimit: 2 });
    const attempt = (ip: string) => postJson(app, '/api/v1/pages/sales/bookings', { event: 'demo' }, {}, fromIp(ip));
    expect((await attempt('10.0.0.1')).status).toBe(422);
    expect((await attempt('10.0.0.1')).status).toBe(422);
    const limited = await attempt('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await attempt('10.0.0.2')).status).toBe(422);
    clock.now += 60_000;
    expect((await attempt('10.0.0.1')).status).toBe(422);
  });

  it('tells visitors apart behind a trusted reverse proxy by the address it forwards, not by what a client claims', async () => {
    const { app } = testApp(store, { rateLimit: 1, trustedProxies: 1 });
    const attempt = (forwardedFor: string) =>
      postJson(app, '/api/v1/pages/sales/bookings', { event: 'demo' }, { 'x-forwarded-for': forwardedFor }, fromIp('10.9.9.9'));
    expect((await attempt('203.0.113.1')).status).toBe(422);
    expect((await attempt('203.0.113.2')).status).toBe(422);
    // The proxy appends the address it saw; a client's own X-Forwarded-For entry is further left.
    expect((await attempt('198.51.100.7, 203.0.113.1')).status).toBe(429);
  });

  it('ignores X-Forwarded-For unless told there is a proxy in front', async () => {
    const { app } = testApp(store, { rateLimit: 1 });
    const attempt = (forwardedFor: string) =>
      postJson(app, '/api/v1/pages/sales/bookings', { event: 'demo' }, { 'x-forwarded-for': forwardedFor }, fromIp('10.9.9.8'));
    expect((await attempt('203.0.113.3')).status).toBe(422);
    expect((await attempt('203.0.113.4')).status).toBe(429);
  });

  it('does not limit reading pages and slots', async () => {
    const { app } = testApp(store, { rateLimit: 1 });
    for (let i = 0; i < 3; i++) expect((await app.request('/api/v1/pages/sales', {}, fromIp('10.0.0.3'))).status).toBe(200);
  });
});

describe('error shape for bad input', () => {
  it('answers 413 payload_too_large for a body over the limit', async () => {
    const { app } = testApp(store);
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { name: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('answers 400 for malformed JSON', async () => {
    const { app } = testApp(store);
    const res = await app.request('/api/v1/pages/sales/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: 'bad_request', message: 'the body is not valid JSON' });
  });

  it('answers 422 validation_failed naming each wrongly typed field', async () => {
    const { app } = testApp(store);
    const res = await postJson(app, '/api/v1/pages/sales/bookings', { event: 5, start: 'tomorrow', timezone: 'Nowhere', locale: 'x', name: '', email: 'no' });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'event', 'locale', 'name', 'start', 'timezone']);
  });

  it('answers an unknown /api/ route with 404 not_found in the error shape', async () => {
    const { app } = testApp(store);
    for (const path of ['/api/v2/nothing', '/api/v1/pages', '/api/v1/bookings/x/explode']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('answers a body that is not JSON with a 4xx in the error shape', async () => {
    const { app } = testApp(store);
    const res = await app.request('/api/v1/pages/sales/bookings', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });
});

describe('requests Node cannot take, on a real server', () => {
  /** A GET with `headers`, answered as status, headers and body text (node:http, which sends what it is given). */
  const rawGet = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
      const req = request(`${url}/api/v1/pages/sales`, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers headers over 16 KB with 431 headers_too_large in the error shape', async () => {
    const server = await startServer({ port: 0, databaseUrl: 'sqlite::memory:', worker: false, log: pino({ level: 'silent' }) });
    try {
      const res = await rawGet(server.url, { cookie: `session=${'x'.repeat(20_000)}` });
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.connection).toBe('close');
      const { error } = JSON.parse(res.body);
      expect(error.code).toBe('headers_too_large');
      expect(error.message).toMatch(/16 KB/);
      // The server itself is unharmed.
      expect((await rawGet(server.url, {})).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers oversized headers with 431 on a keep-alive connection that has answered before', async () => {
    const server = await startServer({ port: 0, databaseUrl: 'sqlite::memory:', worker: false, log: pino({ level: 'silent' }) });
    try {
      const answers = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.write('GET /api/v1/pages/nowhere HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk;
          // The first answer is in: the same connection now sends headers Node refuses.
          if (text.includes('"not_found"') && !text.includes('431')) socket.write(`GET /api/v1/pages/sales HTTP/1.1\r\nHost: x\r\nCookie: s=${'x'.repeat(20_000)}\r\n\r\n`);
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answers).toMatch(/^HTTP\/1\.1 404 /);
      expect(answers).toMatch(/HTTP\/1\.1 431 [^]*"headers_too_large"/);
    } finally {
      await server.close();
    }
  });

  it('answers a request that is not HTTP with 400 bad_request in the error shape', async () => {
    const server = await startServer({ port: 0, databaseUrl: 'sqlite::memory:', worker: false, log: pino({ level: 'silent' }) });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end('HELLO THERE\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      expect(head).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(body!).error.code).toBe('bad_request');
    } finally {
      await server.close();
    }
  });
});

describe('API description', () => {
  it('publishes an OpenAPI 3.1 document covering public and admin routes', async () => {
    const { app } = testApp(store);
    const spec = await (await app.request('/api/v1/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/pages/{page}', '/v1/pages/{page}/slots', '/v1/pages/{page}/bookings', '/v1/bookings/{id}/reschedule', '/v1/admin/config', '/v1/admin/links']),
    );
    expect(spec.components.schemas).toHaveProperty('BookingRequest');
  });

  it('renders the same document as a readable HTML page', async () => {
    const { app } = testApp(store);
    const res = await app.request('/api/docs');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('POST /api/v1/pages/{page}/bookings');
    expect(html).toContain('id="BookingRequest"');
  });
});
