/**
 * Every HTML page the server serves still works in Chromium under its Content-Security-Policy:
 * each demo page (their inline scripts included: the popup page's button, the lead form's reveal),
 * a personal booking page, the manage page of a real booking, and the team console. The browser reports no CSP
 * violation, in events or in the console, and no script error.
 *
 * Run: `npx tsx test/e2e/page-security.e2e.ts` (exit code 1 on failure; needs `npm run build`, or
 * builds the widget itself when `dist/` has none).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { BookingResponse } from '../../shared/api-schemas.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { buildIfStale, check, launchChromium, root, runE2e } from './e2e-support.js';

const demoPages = readdirSync(join(root, 'demo')).filter((file) => file.endsWith('.html'));


/** Recorded in each page before any of its scripts runs. */
function recordPageEvents(): void {
  const seen = { violations: [] as string[], ready: 0 };
  (window as unknown as { kairosSeen: typeof seen }).kairosSeen = seen;
  document.addEventListener('securitypolicyviolation', (e) => seen.violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber} ${e.sample})`));
  document.addEventListener('kairos-ready', () => seen.ready++);
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { kairosSeen: { violations: string[]; ready: number } }).kairosSeen);

async function expectReady(page: Page, what: string): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { kairosSeen: { ready: number } }).kairosSeen.ready > 0);
  check(true, `${what}: the widget loaded its page`);
}

/** Opens `path`, lets `use` drive it, then checks the browser blocked nothing there. */
async function visit(page: Page, server: RunningServer, path: string, use: (page: Page) => Promise<void>): Promise<void> {
  const label = path.replace(/token=[^&]+/, 'token=…');
  console.log(`\n${label}`);
  const response = await page.goto(`${server.url}${path}`);
  check(response?.headers()['content-security-policy'], `${label} is served with a Content-Security-Policy`);
  await use(page);
  const { violations } = await seen(page);
  check(violations.length === 0, `${label}: no CSP violation${violations.length ? `: ${violations.join('; ')}` : ''}`);
}

const demoConfig = JSON.parse(readFileSync(join(root, 'demo/config.json'), 'utf8')) as { pages: { slug: string; theme?: Record<string, string> }[] };

/** What each demo page needs before its widget shows: most show it at once. */
const demoUse: Record<string, (page: Page) => Promise<void>> = {
  'index.html': async (page) => {
    await expectReady(page, 'shown at once');
    const accent = demoConfig.pages.find((p) => p.slug === 'sales')!.theme!['--kairos-accent'];
    const shown = await page.locator('kairos-booking').evaluate((el) => getComputedStyle(el).getPropertyValue('--kairos-accent').trim());
    check(shown === accent, `the page's theme reaches the widget (--kairos-accent ${shown}, configured ${accent})`);
  },
  'popup.html': async (page) => {
    await page.locator('#escalate').click(); // the page's own inline module script opens the popup
    await expectReady(page, 'the inline script opened the popup');
  },
  'lead-form.html': async (page) => {
    await page.locator('#lead input[name="name"]').fill('Ada Lovelace');
    await page.locator('#lead input[name="email"]').fill('ada@example.org');
    await page.locator('#lead input[name="company"]').fill('Analytical Engines');
    await page.locator('#lead select[name="country"]').selectOption('US');
    await page.locator('#lead button').click();
    await page.locator('kairos-booking#booking:not([hidden])').waitFor(); // revealed by the page's inline script
    await expectReady(page, 'the inline script revealed the widget');
  },
};

async function bookThroughApi(server: RunningServer): Promise<BookingResponse> {
  const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (await fetch(`${server.url}/api/v1/pages/ana/slots?event=intro&from=${day}&to=${until}&timezone=UTC`)).json()) as { slots: { start: string }[] };
  const response = await fetch(`${server.url}/api/v1/pages/ana/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'intro', start: slots.slots[0]!.start, timezone: 'UTC', locale: 'en-US', name: 'Grace Hopper', email: 'grace@example.org', answers: {} }),
  });
  if (response.status !== 201) throw new Error(`booking answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as BookingResponse;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-csp-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const problems: string[] = [];
  try {
    buildIfStale();
    server = await startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, worker: false, buildWidget: true, rateLimit: 0, log: pino({ level: 'silent' }) });
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(recordPageEvents);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });

    for (const file of demoPages) {
      const path = file === 'index.html' ? '/' : `/${file.replace(/\.html$/, '')}`;
      await visit(page, server, path, demoUse[file] ?? ((p) => expectReady(p, 'shown at once')));
    }
    await visit(page, server, '/book/sales?event=demo', (p) => expectReady(p, 'a personal booking link'));
    const booking = await bookThroughApi(server);
    const manage = new URL(booking.manageUrl);
    await visit(page, server, `${manage.pathname}${manage.search}`, async (p) => {
      await p.locator('kairos-manage-booking h2').waitFor();
      check(await p.locator('kairos-manage-booking [part~="cancel"]').isVisible(), 'the manage page shows the booking with its cancel button');
    });
    await visit(page, server, '/admin', async (p) => {
      await p.locator('kairos-console kc-sign-in h1').waitFor();
      check(true, 'the team console shows its sign-in form to a stranger');
    });
    check(problems.length === 0, `no CSP message in the console and no script error${problems.length ? `: ${problems.join('; ')}` : ''}`);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runE2e('page security e2e', main);
