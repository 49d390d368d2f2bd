/**
 * End to end with a Zoom meeting: a visitor books an event type whose meetings are made at Zoom
 * (played by a local fake of Zoom's API that takes two seconds to answer). The confirmation
 * comes at once and says the link follows by email; the outbox worker makes the meeting; the
 * manage page then shows Zoom's join link, and the confirmation email carries it. Each step is
 * photographed at 390 px and at 1280 px.
 *
 * Run: `npx tsx test/e2e/video-meeting.e2e.ts` (exit code 1 on failure). Screenshots: test/e2e/screenshots/video-meeting/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/main.js';
import { ProviderFake } from '../server/support/provider-fake.js';
import { buildIfStale, check, launchChromium, plain, root, runE2e, same, screenshots, waitForMail } from './e2e-support.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const JOIN = 'https://us02web.zoom.us/j/85746065432?pwd=abc';
const shoot = screenshots(join(root, 'test/e2e/screenshots/video-meeting'));

async function screenshot(page: Page, name: string): Promise<void> {
  await shoot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await shoot(page, `${name}-1280`);
  await page.setViewportSize(PHONE);
}

const config = {
  members: [{ id: 'mia', name: 'Mia Jensen', email: 'mia@example.com', timezone: 'UTC', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])), conferencing: { zoom: 'zoom-user-mia' } }],
  eventTypes: [{ id: 'zoom-call', title: 'Zoom call', durationMinutes: 30, slotIntervalMinutes: 60, minNoticeMinutes: 120, conferencing: { provider: 'zoom' } }],
  pages: [{ slug: 'video', title: 'Talk to Mia', locale: 'en-US', entries: [{ event: 'zoom-call', host: { member: 'mia' } }] }],
};

async function walk(page: Page, server: RunningServer, zoom: ProviderFake, outboxDir: string): Promise<void> {
  const widget = page.locator('kairos-booking');
  console.log(`\n1. book the Zoom call at ${server.url}/book/video`);
  await page.goto(`${server.url}/book/video`);
  await widget.locator('.day[aria-disabled="false"]').first().click();
  await widget.locator('button.slot').first().click();
  await widget.locator('#field-name').fill('Zoé Client');
  await widget.locator('#field-email').fill('zoe@example.org');
  await widget.locator('kairos-booking-form button[type="submit"]').click();
  const confirmation = widget.locator('kairos-confirmation');
  await confirmation.locator('h2').waitFor();
  check(plain(await confirmation.textContent()).includes('Video call (the link follows by email)'), 'the confirmation says the video link follows by email');
  same(await confirmation.locator('a[part~="join"]').count(), 0, 'it shows no join link yet');
  await screenshot(page, 'confirmation-link-follows');
  const manageUrl = new URL((await confirmation.locator('a[part="manage-link"]').getAttribute('href'))!);

  console.log('\n2. the worker makes the meeting at Zoom; the email carries the link');
  const mail = await waitForMail(outboxDir, 'zoe@example.org', (raw) => raw.includes('Confirmed'));
  check(zoom.sent('POST', /^\/v2\/users\/zoom-user-mia\/meetings$/).length === 1, 'Zoom was asked once for a meeting in Mia’s account');
  check((mail.text ?? '').includes(JOIN), 'the confirmation email carries Zoom’s join link');

  console.log('\n3. the manage page shows the link');
  await page.goto(`${server.url}${manageUrl.pathname}${manageUrl.search}`);
  const manage = widget.locator('kairos-manage-booking');
  await manage.locator('h2').waitFor();
  same(await manage.locator('a[part~="join"]').getAttribute('href'), JOIN, 'the manage page links to the Zoom meeting');
  await screenshot(page, 'manage-with-link');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-e2e-meeting-'));
  const outboxDir = join(dir, 'outbox');
  const configFile = join(dir, 'team.json');
  writeFileSync(configFile, JSON.stringify(config));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const zoom = await new ProviderFake().start();
  zoom.on('POST', /^\/oauth\/token$/, { status: 200, body: { access_token: 'tok', token_type: 'bearer', expires_in: 3599 } });
  zoom.on('POST', /^\/v2\/users\/[^/]+\/meetings$/, { status: 201, body: { id: 85746065432, join_url: JOIN }, delayMs: 2_000 });
  const pageErrors: string[] = [];
  try {
    buildIfStale();
    server = await startServer({
      port: 0,
      databaseUrl: `sqlite:${join(dir, 'kairos.db')}`,
      configFile,
      outboxDir,
      buildWidget: true,
      rateLimit: 0,
      log: pino({ level: 'silent' }),
      conferencing: { env: { KAIROS_ZOOM_ACCOUNT_ID: 'acc', KAIROS_ZOOM_CLIENT_ID: 'cid', KAIROS_ZOOM_CLIENT_SECRET: 'secret', KAIROS_ZOOM_OAUTH_URL: zoom.url, KAIROS_ZOOM_API_URL: zoom.url } },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', viewport: PHONE, deviceScaleFactor: 1 });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await walk(page, server, zoom, outboxDir);
    check(pageErrors.length === 0, `no script error in the page${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
  } finally {
    await browser?.close();
    await server?.close();
    await zoom.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runE2e('video meeting', main);
