/**
 * End to end, with the built bundle, on a phone (390×844) and a desktop (1280×800), in French:
 * - the date step's loading frame is as tall as the step it becomes, for a page whose summary has
 *   a page title, a host and a description (its details go with the times on the phone), and
 *   the day's times keep those details;
 * - `layout="week"` loads in the week's own frame, never the month's, and keeps its height;
 * - a page whose config says `afterBooking.message` shows it, in French, on the confirmation;
 * - a member away who hands over to a colleague: their page's form names the colleague.
 * Each state is photographed at both sizes.
 *
 * It runs on the real clock: it takes the first available day and slot, never a fixed date.
 * Run: `npx tsx test/e2e/visitor-layouts.e2e.ts` (exit code 1 on failure). Screenshots: test/e2e/screenshots/visitor-layouts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/main.js';
import { buildIfStale, check, launchChromium, plain, root, runE2e, same, screenshots } from './e2e-support.js';

const ADMIN_KEY = 'visitor-layouts-admin-key-0123456789';
const shoot = screenshots(join(root, 'test/e2e/screenshots/visitor-layouts'));
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

/** Holds the page's own request (not its slots) until `release()`: the loading frame stays up meanwhile. */
async function holdPageRequest(page: Page, slug: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route((url) => url.pathname === `/api/v1/pages/${slug}`, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const stepHeight = (page: Page) => page.locator('kairos-booking .step').evaluate((el) => Math.round(el.getBoundingClientRect().height));

/** Replaces the demo page's widget with one of `attributes`, as a site owner would embed it. */
async function embed(page: Page, attributes: Record<string, string>): Promise<void> {
  await page.evaluate((attrs) => {
    const old = document.querySelector('kairos-booking')!;
    const el = document.createElement('kairos-booking');
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    old.replaceWith(el);
  }, attributes);
}

async function loadingFrames(browser: Browser, server: RunningServer, size: (typeof SIZES)[number]): Promise<void> {
  const { width } = size;
  console.log(`\n1. at ${width} px: the month's and the week's loading frames keep the height of what they become`);
  const context = await browser.newContext({ timezoneId: 'Europe/Amsterdam', locale: 'fr-FR', viewport: size });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const widget = page.locator('kairos-booking');

  let release = await holdPageRequest(page, 'office-hours');
  await page.goto(`${server.url}/office-hours`);
  await widget.locator('.step[data-view="loading"] kairos-month-grid').waitFor();
  const loading = await stepHeight(page);
  await shoot(page, `${width}-month-loading`);
  release();
  await widget.locator('.day[aria-disabled="false"]').first().waitFor();
  await widget.locator('kairos-slot-list .prompt, kairos-slot-list .empty').first().waitFor();
  same(await stepHeight(page), loading, `the month's loading frame is as tall as the date step (${loading} px)`);
  const details = widget.locator(width < 740 ? '.times > .entry-details' : '.summary-panel .entry-details');
  check((await details.locator('.description').textContent())?.includes('cinq étudiants'), 'the description is shown, in French');
  if (width < 740) {
    const [head, grid, times] = await Promise.all(['.summary-panel', 'kairos-month-grid', '.times > .entry-details'].map((s) => widget.locator(s).boundingBox()));
    check(head && grid && times && head.y + head.height <= grid.y && times.y >= grid.y + grid.height, 'on the phone the summary’s head is above the month, its details below it');
  }
  await shoot(page, `${width}-month-shown`);
  await widget.locator('.day[aria-disabled="false"]').first().click();
  await widget.locator('button.slot').first().waitFor();
  check(await widget.locator(width < 740 ? '.times > .entry-details' : '.summary-panel .entry-details').isVisible(), 'the details stay in view with the day’s times');
  await shoot(page, `${width}-day-times`);
  await page.unroute((url) => url.pathname === '/api/v1/pages/office-hours');

  release = await holdPageRequest(page, 'office-hours');
  await embed(page, { page: 'office-hours', layout: 'week' });
  await widget.locator('.step[data-view="loading"] .week').waitFor();
  same(await widget.locator('kairos-month-grid').count(), 0, 'the week layout loads in a week’s frame, with no month');
  const weekLoading = await stepHeight(page);
  await shoot(page, `${width}-week-loading`);
  release();
  await widget.locator('.week[aria-busy="false"] .slot').first().waitFor();
  same(await stepHeight(page), weekLoading, `the week's loading frame is as tall as the week (${weekLoading} px)`);
  same(await widget.locator('kairos-month-grid').count(), 0, 'no month once the week is shown either');
  await shoot(page, `${width}-week-shown`);
  await context.close();
}

/** The page's config gets an `afterBooking` message (through the admin API, as an owner would). */
async function addAfterBooking(server: RunningServer): Promise<void> {
  const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const config = await (await fetch(`${server.url}/api/v1/admin/config`, { headers })).json();
  const page = config.pages.find((p: { slug: string }) => p.slug === 'office-hours');
  page.afterBooking = { message: { en: 'Bring your exercise sheet.', fr: 'Apportez votre feuille d’exercices.', nl: 'Neem je oefenblad mee.' } };
  const put = await fetch(`${server.url}/api/v1/admin/config`, { method: 'PUT', headers, body: JSON.stringify(config) });
  same(put.status, 200, 'the config with afterBooking is taken');
}

async function afterBooking(browser: Browser, server: RunningServer, size: (typeof SIZES)[number]): Promise<void> {
  const { width } = size;
  console.log(`\n2. at ${width} px: the page config's message on the confirmation`);
  const context = await browser.newContext({ timezoneId: 'Europe/Amsterdam', locale: 'fr-FR', viewport: size });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const widget = page.locator('kairos-booking');
  await page.goto(`${server.url}/office-hours`);
  await widget.locator('.day[aria-disabled="false"]').first().click();
  await widget.locator('button.slot').first().click();
  await widget.locator('#field-name').fill('Noor Bakker');
  await widget.locator('#field-email').fill(`noor.layouts.${width}.${Date.now().toString(36)}@example.nl`);
  await widget.locator('#field-course').fill('Algorithms');
  await widget.locator('kairos-booking-form button[type="submit"]').click();
  await widget.locator('kairos-confirmation h2').waitFor();
  same(plain(await widget.locator('[part~="booked-message"]').textContent()), 'Apportez votre feuille d’exercices.', 'the page’s own message, in French');
  await shoot(page, `${width}-booked-with-page-message`);
  await context.close();
}

/** Lena is away for the next 90 days (through the admin API, as she would mark it) and hands over to Bo. */
async function markLenaAway(server: RunningServer): Promise<void> {
  const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const schedule = await (await fetch(`${server.url}/api/v1/admin/members/lena/schedule`, { headers })).json();
  schedule.away = [{ from: day(-1), to: day(90), handOverTo: 'bo', note: 'Sabbatical' }];
  const put = await fetch(`${server.url}/api/v1/admin/members/lena/schedule`, { method: 'PUT', headers, body: JSON.stringify(schedule) });
  same(put.status, 200, 'the days away are taken');
}

async function handedOver(browser: Browser, server: RunningServer, size: (typeof SIZES)[number]): Promise<void> {
  const { width } = size;
  console.log(`\n3. at ${width} px: Lena away, her page offers Bo's times and says so`);
  const context = await browser.newContext({ timezoneId: 'Europe/Amsterdam', locale: 'fr-FR', viewport: size });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const widget = page.locator('kairos-booking');
  await page.goto(`${server.url}/office-hours`);
  await widget.locator('.day[aria-disabled="false"]').first().click();
  await widget.locator('button.slot').first().click();
  const summary = plain(await widget.locator('kairos-booking-form .summary').textContent());
  check(summary.endsWith('· Avec Bo Laurent'), `the form names Bo, who takes the time (${summary})`);
  await shoot(page, `${width}-handed-over-form`);
  await context.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-layouts-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    buildIfStale();
    server = await startServer({
      port: 0,
      databaseUrl: `sqlite:${join(dir, 'kairos.db')}`,
      outboxDir: join(dir, 'outbox'),
      buildWidget: true,
      rateLimit: 0,
      adminKey: ADMIN_KEY,
      log: pino({ level: 'silent' }),
    });
    browser = await launchChromium();
    for (const size of SIZES) await loadingFrames(browser, server, size);
    await addAfterBooking(server);
    for (const size of SIZES) await afterBooking(browser, server, size);
    await markLenaAway(server);
    for (const size of SIZES) await handedOver(browser, server, size);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runE2e('visitor layouts', main);
