/**
 * End to end: a course of three sessions on the demo server, in Chromium at 390×844 and 1280×800.
 * The visitor picks three times (the list says how many of how many), goes on, books them
 * together, and the confirmation lists all three. Picked times leave the day's times and are
 * listed above them. Screenshots: test/e2e/screenshots/sessions/.
 * Run: `npx tsx test/e2e/sessions.e2e.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/main.js';
import { check, launchChromium, plain, root, runE2e, same, screenshots } from './e2e-support.js';

const ADMIN_KEY = 'sessions-e2e-admin-key-0123456789';
const shoot = screenshots(join(root, 'test/e2e/screenshots/sessions'));
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

/** The demo team, with Ana's three-session course on a page of its own. */
async function addCourse(server: RunningServer): Promise<void> {
  const auth = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const config = await (await fetch(`${server.url}/api/v1/admin/config`, { headers: auth })).json();
  config.eventTypes.push({ id: 'course', title: { en: 'Study skills course' }, durationMinutes: 45, slotIntervalMinutes: 60, minNoticeMinutes: 60, sessions: { mode: 'pick', count: 3, exact: true } });
  config.pages.push({ slug: 'course', title: { en: 'Study skills' }, locale: 'en-US', entries: [{ event: 'course', host: { member: 'ana' } }] });
  const put = await fetch(`${server.url}/api/v1/admin/config`, { method: 'PUT', headers: auth, body: JSON.stringify(config) });
  check(put.ok, `the course is configured (${put.status})`);
}

async function course(browser: Browser, server: RunningServer, size: (typeof SIZES)[number]): Promise<void> {
  const { width } = size;
  console.log(`\nat ${width} px: three times picked as a list, booked together`);
  const context = await browser.newContext({ timezoneId: 'Europe/Lisbon', locale: 'en-GB', viewport: size });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${server.url}/office-hours`);
  await page.evaluate(() => {
    const el = document.createElement('kairos-booking');
    el.setAttribute('page', 'course');
    el.setAttribute('locale', 'en-GB');
    document.querySelector('kairos-booking')!.replaceWith(el);
  });
  const widget = page.locator('kairos-booking');
  await widget.locator('.day[aria-disabled="false"]').first().click();
  await widget.locator('button.slot').nth(2).waitFor();
  const first = plain(await widget.locator('button.slot').first().textContent());
  // A picked time leaves the day's times: the next one moves up into its place.
  for (let i = 0; i < 2; i++) await widget.locator('button.slot').first().click();
  const offered = (await widget.locator('button.slot').allTextContents()).map(plain);
  check(!offered.includes(first), `a picked time is no longer offered (${first} not in ${offered.join(', ')})`);
  same(plain(await widget.locator('.picks [role="status"]').textContent()), '2 of 3 chosen', 'the list says two of three');
  check(await widget.locator('.picks button[part="button"]').isDisabled(), 'two of three cannot go on');
  await shoot(page, `${width}-two-picked`);
  await widget.locator('button.slot').nth(2).click();
  same(await widget.locator('.picks li').count(), 3, 'three times listed');
  await shoot(page, `${width}-three-picked`);
  await widget.locator('.picks button[part="button"]').click();
  same((await widget.locator('kairos-booking-form .summary').textContent())!.split(' · ').length, 4, 'the form sums up the three sessions');
  await widget.locator('#field-name').fill('Rui Costa');
  await widget.locator('#field-email').fill(`rui.${width}.${Date.now().toString(36)}@example.pt`);
  await shoot(page, `${width}-form`);
  await widget.locator('kairos-booking-form button[type="submit"]').click();
  await widget.locator('kairos-confirmation .sessions li').nth(2).waitFor();
  same(await widget.locator('kairos-confirmation .sessions li').count(), 3, 'the confirmation lists three sessions');
  await shoot(page, `${width}-confirmation`);
  await widget.locator('a[part="manage-link"]').click();
  await page.locator('kairos-booking .sessions li').nth(2).waitFor();
  await shoot(page, `${width}-manage`);
  await context.close();
}

runE2e('sessions e2e', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-sessions-e2e-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, outboxDir: join(dir, 'outbox'), buildWidget: true, rateLimit: 0, adminKey: ADMIN_KEY, log: pino({ level: 'silent' }) });
    await addCourse(server);
    browser = await launchChromium();
    for (const size of SIZES) await course(browser, server, size);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
