/**
 * The security headers of each kind of page the server serves — token pages (manage, booking
 * links), demo pages, the API reference — and none on what is not a page: the widget bundle and
 * the API keep their CORS headers exactly. Asked over HTTP through the Node adapter, which builds
 * some responses its own way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../server/store/connect.js';
import { seed, testApp } from '../support/fixtures.js';

const demoDir = fileURLToPath(new URL('../../../demo/', import.meta.url));
const demoPages = readdirSync(demoDir).filter((file) => file.endsWith('.html'));
const pathOf = (file: string) => (file === 'index.html' ? '/' : `/${file.replace(/\.html$/, '')}`);

let store: Store;
let distDir: string;
const servers: ServerType[] = [];

/** `app` on a port of its own: the answers to `get(path)` went through Node's HTTP stack. */
async function served(app: ReturnType<typeof testApp>['app']) {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
}

let get: Awaited<ReturnType<typeof served>>;

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  await seed(store);
  distDir = mkdtempSync(join(tmpdir(), 'kairos-headers-dist-'));
  writeFileSync(join(distDir, 'kairos.js'), 'export {};');
  writeFileSync(join(distDir, 'kairos.iife.js'), ';');
  mkdirSync(join(distDir, 'locales'));
  writeFileSync(join(distDir, 'locales', 'fr.js'), 'export const templates = {};');
  get = await served(testApp(store, { distDir, demoDir }).app);
});

afterAll(async () => {
  for (const server of servers) server.close();
  await store.close();
  rmSync(distDir, { recursive: true, force: true });
});

/** The CSP's directives by name, each with its sources. */
function csp(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy');
  expect(header, 'Content-Security-Policy').toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** `'sha256-…'` of each inline block of `tag` in a page, as a CSP names it. */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const blocks = [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
  return blocks.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
}

/** What every page gets: no framing, no Referer, nothing but what the page itself runs. */
function expectPageBasics(response: Response, path: string) {
  const policy = csp(response);
  expect(policy.get('default-src'), path).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
  expect(policy.get('base-uri'), path).toEqual(["'none'"]);
  for (const sources of policy.values()) {
    expect(sources, path).not.toContain("'unsafe-eval'");
    expect(sources, path).not.toContain('*');
  }
  expect(response.headers.get('x-frame-options'), path).toBe('DENY');
  expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
  expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
  return policy;
}

describe('token pages', () => {
  const pages = ['/manage/bk_123?token=secret-token', '/book/sales', '/book/sales?event=demo&kairos_invite=signed.token'];

  it.each(pages)('%s runs the widget from this origin only and its own inline style, by hash', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    const policy = expectPageBasics(response, path);
    const html = await response.text();
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", ...inlineHashes(html, 'style')]);
    expect(inlineHashes(html, 'style')).toHaveLength(1);
  });

  it.each(pages)('%s is never stored by a cache', async (path) => {
    expect((await get(path)).headers.get('cache-control')).toBe('no-store');
  });
});

describe('the manage and booking pages', () => {
  it('speak the reader’s language in their title, and say which it is', async () => {
    const manage = await (await get('/manage/bk_123?token=t', { headers: { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' } })).text();
    expect(manage).toContain('<html lang="nl">');
    expect(manage).toContain('<title>Je afspraak</title>');
    const book = await (await get('/book/sales', { headers: { 'accept-language': 'de-DE' } })).text();
    expect(book).toContain('<title>Termin buchen</title>');
    const english = await (await get('/book/sales', { headers: { 'accept-language': 'ja' } })).text();
    expect(english).toContain('<html lang="en-US">');
    expect(english).toContain('<title>Book a meeting</title>');
  });
});

describe('demo pages', () => {
  it.each(demoPages)('%s admits its inline scripts and styles by hash, and the widget from this origin', async (file) => {
    const response = await get(pathOf(file));
    expect(response.status).toBe(200);
    const policy = expectPageBasics(response, file);
    const html = readFileSync(join(demoDir, file), 'utf8');
    expect(policy.get('script-src')).toEqual(["'self'", ...inlineHashes(html, 'script')]);
    expect(policy.get('style-src')).toEqual(["'self'", ...inlineHashes(html, 'style')]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('follows a demo page as it is edited, without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairos-headers-demo-'));
    try {
      const site = await served(testApp(store, { distDir, demoDir: dir }).app);
      writeFileSync(join(dir, 'page.html'), '<!doctype html><script>one()</script>');
      expect(csp(await site('/page')).get('script-src')).toEqual(["'self'", ...inlineHashes('<script>one()</script>', 'script')]);
      writeFileSync(join(dir, 'page.html'), '<!doctype html><script>two()</script>');
      expect(csp(await site('/page')).get('script-src')).toEqual(["'self'", ...inlineHashes('<script>two()</script>', 'script')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the API reference', () => {
  it('runs no script at all and cannot be framed', async () => {
    const response = await get('/api/docs');
    expect(response.status).toBe(200);
    const policy = expectPageBasics(response, '/api/docs');
    expect(policy.has('script-src')).toBe(false);
  });
});

describe('what is not a page', () => {
  it('leaves the widget bundle and its locale chunks loadable from any site, as before', async () => {
    for (const path of ['/kairos.js', '/kairos.iife.js', '/locales/fr.js']) {
      const response = await get(path, { headers: { origin: 'https://www.elsewhere.example' } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=300');
      // A same-origin resource policy would stop other sites' plain <script src> from loading the bundle.
      for (const header of ['cross-origin-resource-policy', 'content-security-policy', 'x-frame-options']) expect(response.headers.get(header), `${path} ${header}`).toBeNull();
    }
  });

  it('leaves the API’s answers and their CORS as they were', async () => {
    const response = await get('/api/v1/pages/sales', { headers: { origin: 'https://www.example.com' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    for (const header of ['cross-origin-resource-policy', 'content-security-policy', 'x-frame-options']) expect(response.headers.get(header), header).toBeNull();
  });
});
