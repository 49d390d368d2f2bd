/**
 * Request bodies served over real HTTP by @hono/node-server, where `requestBody` reads Node's
 * stream itself: the limit holds with and without Content-Length, and the text reaches
 * `c.req.json()` whole however the bytes were split.
 */
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBody } from '../../../server/api/request-body.js';

const LIMIT = 64;
let server: ServerType;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.use(
    '*',
    requestBody(LIMIT, () => {
      throw new Error('too large');
    }),
  );
  app.onError((error, c) => c.json({ error: error.message }, error.message === 'too large' ? 413 : 400));
  app.post('/echo', async (c) => c.json({ body: await c.req.json(), nodeRequestBuilt: c.req.raw.bodyUsed }));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** POSTs `chunks` one write each, chunked unless `length` is given. */
function post(chunks: Buffer[], headers: Record<string, string | number> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString()) }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('request bodies read from Node’s stream', () => {
  it('decodes UTF-8 split between chunks, and drops a byte-order mark', async () => {
    const bytes = Buffer.from('\uFEFF{"name":"Zoé Ødegård 日本"}');
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of "é"
    const answer = await post([bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(answer).toEqual({ status: 200, body: { body: { name: 'Zoé Ødegård 日本' }, nodeRequestBuilt: false } });
  });

  it('refuses a declared length over the limit before reading it', async () => {
    const body = Buffer.from(JSON.stringify({ text: 'x'.repeat(LIMIT) }));
    expect((await post([body], { 'content-length': body.length })).status).toBe(413);
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const chunk = Buffer.from('"' + 'x'.repeat(40));
    expect((await post([Buffer.from('{"text":'), chunk, chunk, Buffer.from('"}')])).status).toBe(413);
  });

  it('takes a body of exactly the limit, and answers malformed JSON with the validator’s error', async () => {
    const exact = Buffer.from(JSON.stringify({ text: 'y'.repeat(LIMIT - 11) }));
    expect(exact.length).toBe(LIMIT);
    expect((await post([exact])).status).toBe(200);
    expect((await post([Buffer.from('{"text":')])).status).toBe(400);
  });
});

describe('a body the client drops', () => {
  it('ends the read when the client went away before the body was read', async () => {
    const outcomes: string[] = [];
    const app = new Hono();
    // Something slow before the body is read, as the CORS check's page lookup can be.
    app.use('*', async (_c, next) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await next();
    });
    app.use(
      '*',
      requestBody(LIMIT, () => {
        throw new Error('too large');
      }),
    );
    app.onError((error, c) => {
      outcomes.push(error.message);
      return c.json({ error: error.message }, 400);
    });
    app.post('/echo', async (c) => c.json(await c.req.json()));
    let slow!: ServerType;
    await new Promise<void>((resolve) => {
      slow = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    try {
      const req = request({ host: '127.0.0.1', port: (slow.address() as AddressInfo).port, path: '/echo', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 40 } });
      req.on('error', () => undefined);
      req.write('{"name":');
      await new Promise((resolve) => setTimeout(resolve, 30));
      req.destroy();
      for (let i = 0; i < 100 && outcomes.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(outcomes).toEqual(['the request body was cut off']);
    } finally {
      (slow as Server).closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
