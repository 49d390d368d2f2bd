/**
 * The demo site a new user sees after `npm start`: every `demo/*.html` is served, embeds the
 * widget for a page the demo config really has, and links only to things the server serves.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../server/config/schema.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { seed, testApp } from '../support/fixtures.js';

const demoDir = fileURLToPath(new URL('../../../demo/', import.meta.url));
const demoConfig = JSON.parse(readFileSync(join(demoDir, 'config.json'), 'utf8')) as ConfigInput & {
  pages: { slug: string; entries: { event: string }[]; rules?: { refuse?: string | Record<string, string> }[] }[];
};
const demoPages = readdirSync(demoDir).filter((file) => file.endsWith('.html'));
const pathOf = (file: string) => (file === 'index.html' ? '/' : `/${file.replace(/\.html$/, '')}`);

/** The attributes of every `<kairos-booking>` tag in a page (escaped code samples do not count). */
function widgetsIn(html: string): Record<string, string>[] {
  return [...html.matchAll(/<kairos-booking\b([^>]*)>/g)].map((tag) =>
    Object.fromEntries([...tag[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? ''])),
  );
}

let store: Store;
let app: ReturnType<typeof testApp>['app'];
let distDir: string;

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  await seed(store, demoConfig);
  // The real bundle may not be built when this suite runs; stand-ins prove the URLs resolve.
  distDir = mkdtempSync(join(tmpdir(), 'kairos-demo-dist-'));
  writeFileSync(join(distDir, 'kairos.js'), 'export {};');
  writeFileSync(join(distDir, 'kairos.iife.js'), ';');
  mkdirSync(join(distDir, 'locales'));
  ({ app } = testApp(store, { distDir, demoDir }));
});

afterAll(async () => {
  await store.close();
  rmSync(distDir, { recursive: true, force: true });
});

describe('the demo site', () => {
  it('has a page for each way of embedding the widget', () => {
    expect(demoPages).toEqual(expect.arrayContaining(['index.html', 'popup.html', 'lead-form.html', 'ana.html', 'office-hours.html']));
    expect(demoPages.some((file) => /^(french|equipe)\.html$/.test(file))).toBe(true);
  });

  describe.each(demoPages)('%s', (file) => {
    it('is served and embeds the widget for a page of the demo config', async () => {
      const res = await app.request(pathOf(file));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const widgets = widgetsIn(await res.text());
      expect(widgets.length).toBeGreaterThan(0);
      for (const attributes of widgets) {
        const page = demoConfig.pages.find((p) => p.slug === attributes.page);
        expect(page, `page "${attributes.page}"`).toBeDefined();
        if (attributes.event) expect(page!.entries.map((e) => e.event)).toContain(attributes.event);
        const api = await app.request(`/api/v1/pages/${attributes.page}`);
        expect(api.status).toBe(200);
      }
    });

    it('refers only to scripts, styles and pages the server serves', async () => {
      const html = await (await app.request(pathOf(file))).text();
      const urls = [...html.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]!);
      expect(urls.some((url) => url === '/kairos.js' || url === '/kairos.iife.js')).toBe(true);
      for (const url of new Set(urls)) expect((await app.request(url)).status, url).toBe(200);
    });
  });

  it('opens popups from script only for pages the demo config has', async () => {
    const html = readFileSync(join(demoDir, 'popup.html'), 'utf8');
    const opened = [...html.matchAll(/Kairos\.open\(\{\s*page:\s*'([^']+)'(?:,\s*event:\s*'([^']+)')?/g)];
    expect(opened.length).toBeGreaterThan(0);
    for (const [, slug, event] of opened) {
      const page = demoConfig.pages.find((p) => p.slug === slug);
      expect(page, `page "${slug}"`).toBeDefined();
      if (event) expect(page!.entries.map((e) => e.event)).toContain(event);
    }
  });

  it('speaks every shipped language in every text of the demo config, as every page is served in each', () => {
    const languages = ['en', 'fr', 'de', 'es', 'pt-BR', 'nl'];
    const untranslated: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.length > 0 && keys.every((k) => /^[a-z]{2}(-[A-Z]{2})?$/.test(k))) {
          for (const language of languages) if (!(language in value)) untranslated.push(`${path} ${language}`);
        } else for (const [k, v] of Object.entries(value)) if (k !== 'texts') walk(v, `${path}.${k}`);
      }
    };
    walk(demoConfig, '');
    expect(untranslated).toEqual([]);
  });

  it('points a refused visitor only to pages the server serves', async () => {
    const refusals = demoConfig.pages.flatMap((p) => (p.rules ?? []).flatMap((r) => (r.refuse && typeof r.refuse === 'object' ? Object.values(r.refuse) : [])));
    expect(refusals.length).toBeGreaterThan(0);
    for (const path of new Set(refusals.flatMap((text) => text.match(/(?<![\w.])\/[\w/.-]*\w/g) ?? []))) {
      expect((await app.request(path)).status, path).toBe(200);
    }
  });

  it.each(['/%00', '/%00.html', '/demo/%01.html', '/api/%00/v1/nowhere'])('answers 404 for %s, a path with a control character', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(404);
  });
});
