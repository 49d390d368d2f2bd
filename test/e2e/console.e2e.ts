/**
 * End to end, the team console in Chromium against the process `npm start` runs, from an empty
 * database: the first-admin link the server prints → the admin signs in → invites a member (the
 * link read from the `.eml`) → the member signs in on a phone and takes a day off → a visitor
 * books → the request appears live in both streams → search finds it by an answer → a saved view →
 * the admin approves it → the member sees that live → reassigns another booking to a free member →
 * books a caller in → the pool's dashboard shows the handover → exports, then erases, the first
 * customer → signs out. Every screen is checked with axe and photographed, at a
 * desktop size for the admin and a phone size for the member.
 *
 * Run: `npx tsx test/e2e/console.e2e.ts` (exit code 1 on failure). Screenshots: test/e2e/screenshots/console/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BookingResponse, PageResponse, SlotsResponse } from '../../shared/api-schemas.js';
import { startBuiltServer, type ServerProcess } from '../../harness/server-process.js';
import { parseXliff } from '../../server/notify/xliff.js';
import { buildIfStale, check, launchChromium, plain, root, runE2e, same, screenshots, waitForMail } from './e2e-support.js';

const screenshot = screenshots(join(root, 'test/e2e/screenshots/console'));
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 860 };

/** The Dutch of a console message, from its catalogue (plain messages only). */
function dutch(english: string): string {
  const units = parseXliff(readFileSync(join(root, 'locales/console/nl.xlf'), 'utf8'));
  const unit = units.find((u) => u.source.length === 1 && u.source[0] === english);
  if (!unit?.target) throw new Error(`locales/console/nl.xlf has no Dutch for "${english}"`);
  return unit.target.join('');
}
const PHONE = { width: 390, height: 844 };

/** axe's WCAG 2.1 A and AA rules on what the page shows now, shadow roots included. */
async function accessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(`${axeSource};0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  check(violations.length === 0, `${screen}: axe finds no WCAG A/AA violation${violations.length ? `: ${violations.join('; ')}` : ''}`);
}

/** Nothing wider than the viewport: a phone scrolls down, never sideways. */
async function fitsWidth(page: Page, screen: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  check(scroll <= width, `${screen}: fits the ${width} px width (${scroll} px wide)`);
}

async function look(page: Page, name: string, screen: string): Promise<void> {
  await accessible(page, screen);
  await fitsWidth(page, screen);
  await screenshot(page, name);
}

/** A visitor's booking through the public API: the first free slot of `event` on `page`, with every required field answered. */
async function book(server: ServerProcess, pageSlug: string, event: string, visitor: { name: string; email: string }, answers: Record<string, string | boolean> = {}): Promise<BookingResponse> {
  const api = `${server.url}/api/v1/pages/${pageSlug}`;
  const page = (await (await fetch(`${api}?locale=en`)).json()) as PageResponse;
  const entry = page.entries.find((e) => e.event === event)!;
  for (const field of entry.fields ?? []) {
    if (!field.required || field.id in answers) continue;
    answers[field.id] = field.type === 'checkbox' || field.type === 'consent' ? true : field.type === 'select' ? field.options![0]!.value : 'n/a';
  }
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const slots = (await (await fetch(`${api}/slots?event=${event}&from=${from}&to=${to}&timezone=UTC`)).json()) as SlotsResponse;
  const response = await fetch(`${api}/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event, start: slots.slots[0]!.start, timezone: 'America/New_York', locale: 'en-US', ...visitor, answers }),
  });
  const booked = (await response.json()) as BookingResponse;
  same(response.status, 201, `a visitor books ${event} on /${pageSlug} through the widget's API`);
  return booked;
}

/** A visitor's request through the widget on the demo's office-hours page: the first free day, its first time. */
async function requestThroughWidget(browser: Browser, origin: string, visitor: { name: string; email: string }, course: string): Promise<{ id: string; status: string; start: string }> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', timezoneId: 'Europe/Amsterdam', isMobile: true, hasTouch: true });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(() => document.addEventListener('kairos-booked', (e) => ((window as unknown as { booked: unknown }).booked = (e as CustomEvent).detail)));
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/office-hours`);
    const widget = page.locator('kairos-booking');
    await widget.locator('.day[aria-disabled="false"]').first().click();
    await widget.locator('button.slot').first().click();
    await widget.locator('#field-name').fill(visitor.name);
    await widget.locator('#field-email').fill(visitor.email);
    await widget.locator('#field-course').fill(course);
    await widget.locator('kairos-booking-form button[type="submit"]').click();
    const booked = await page.waitForFunction(() => (window as unknown as { booked?: { id: string; status: string; start: string } }).booked);
    const detail = (await booked.jsonValue()) as { id: string; status: string; start: string };
    check(detail.id, 'a visitor asks for office hours through the widget on their phone');
    await screenshot(page, 'visitor-phone-request');
    return detail;
  } finally {
    await context.close();
  }
}

/** The sign-in link in the newest email to `address` from the outbox. */
async function signInLinkFor(outbox: string, address: string): Promise<string> {
  const mail = await waitForMail(outbox, address, (raw) => raw.includes('/admin/sign-in?token='));
  const link = /https?:\/\/\S+\/admin\/sign-in\?token=[\w-]+/.exec(mail.text ?? '')?.[0];
  check(link, `the sign-in email to ${address} carries its link`);
  return link;
}

async function signIn(context: BrowserContext, link: string, email?: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(link);
  if (email) await page.locator('#email').fill(email);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/admin');
  await page.locator('kc-activity h1').waitFor();
  return page;
}

const entryNamed = (page: Page, name: string) => page.locator('kc-activity li', { hasText: name });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-console-e2e-'));
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const problems: string[] = [];
  try {
    buildIfStale();
    server = await startBuiltServer({ KAIROS_DATABASE_URL: `sqlite:${join(dir, 'kairos.db')}`, KAIROS_RATE_LIMIT: '0' }, dir);
    const outbox = join(dir, 'data/outbox');
    browser = await launchChromium();
    const watch = (page: Page) => {
      page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
    };

    console.log('\n1. the first start prints a one-time link that makes its opener the first admin');
    for (let waited = 0; !/No admin yet[^\n]*\n\s*\S+/.test(server.output()) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const printed = server.output();
    check(/the team console: http:\/\/\S+\/admin/.test(printed), 'npm start says where the console is');
    const firstLink = /No admin yet[^\n]*\n\s*(\S+)/.exec(printed)?.[1];
    check(firstLink?.includes('/admin/sign-in?token='), 'npm start prints the first-admin link');
    const admin = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'Europe/Amsterdam' });
    admin.setDefaultTimeout(15_000);
    const adminPage = await signIn(admin, firstLink!, 'owner@example.org');
    const origin = new URL(adminPage.url()).origin;
    watch(adminPage);
    same(plain(await adminPage.locator('kc-activity h1').textContent()), 'Activity', 'the admin lands on the activity stream');
    await adminPage.locator('kc-activity p.muted', { hasText: 'Nothing here yet' }).waitFor();
    await look(adminPage, 'admin-empty-stream', 'the empty stream');

    console.log('\n2. the admin invites Lena, who runs the office hours');
    await adminPage.locator('nav a', { hasText: 'Team' }).click();
    await adminPage.locator('kc-team button', { hasText: 'Send sign-in link' }).first().waitFor();
    await adminPage.locator('kc-team tr', { hasText: 'Lena' }).locator('button').click();
    await adminPage.locator('kc-team [role="status"]', { hasText: 'Lena' }).waitFor();
    await look(adminPage, 'admin-team', 'the team');
    const lenaLink = await signInLinkFor(outbox, 'lena@example.com');

    console.log('\n3. Lena signs in on her phone');
    const member = await browser.newContext({ viewport: PHONE, locale: 'en-GB', timezoneId: 'Europe/Amsterdam', isMobile: true, hasTouch: true });
    member.setDefaultTimeout(15_000);
    const lenaPage = await signIn(member, lenaLink);
    watch(lenaPage);
    check(!(await lenaPage.locator('nav a', { hasText: 'Customers' }).count()), 'a member has no Customers screen');
    await look(lenaPage, 'member-phone-stream', 'the member’s stream on a phone');

    console.log('\n4. Lena takes a day off on her schedule; the slots follow at once');
    const slotDays = async () => {
      // From today: the day off is the first day Lena would have offered.
      const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const answer = (await (await fetch(`${server!.url}/api/v1/pages/office-hours/slots?event=office-hours&from=${from}&to=${to}&timezone=Europe/Amsterdam`)).json()) as SlotsResponse;
      return [...new Set(answer.slots.map((slot) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(slot.start))))];
    };
    const dayOff = (await slotDays())[0]!;
    check(dayOff, `Lena offers office hours on ${dayOff}`);
    await lenaPage.locator('nav a', { hasText: 'My schedule' }).click();
    await lenaPage.locator('kc-member h1', { hasText: 'My schedule' }).waitFor();
    await lenaPage.locator('kc-member button', { hasText: 'Add a date' }).click();
    const override = lenaPage.locator('kc-member .override').last();
    await override.locator('input[type="date"]').fill(dayOff);
    await override.locator('input[type="date"]').dispatchEvent('change');
    check(await override.locator('input[type="checkbox"]').isChecked(), 'a new date override starts as a day off');
    await look(lenaPage, 'member-phone-schedule', 'the member’s schedule on a phone');
    await lenaPage.locator('kc-member button[type="submit"]', { hasText: 'Save' }).click();
    await lenaPage.locator('kc-member [role="status"]', { hasText: 'Saved' }).waitFor();
    check(!(await slotDays()).includes(dayOff), `saved: ${dayOff} offers no office hours any more`);

    console.log('\n5. a visitor asks for office hours; both streams show it without a reload');
    for (const page of [adminPage, lenaPage]) {
      await page.locator('nav a', { hasText: 'Activity' }).click();
      await page.locator('kc-activity ol[aria-busy="false"]').waitFor({ state: 'attached' });
    }
    const student = { name: 'Zoë Fontaine', email: `zoe.fontaine+${Date.now().toString(36)}@example.org` };
    const request = await requestThroughWidget(browser, origin, student, 'Quantum chromodynamics');
    same(request.status, 'pending', 'office hours need approval: the booking is a request');
    const requestDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(request.start));
    check(requestDay > dayOff, `the widget’s first time is after Lena’s day off ${dayOff}: on ${requestDay}`);
    await entryNamed(adminPage, student.name).first().waitFor();
    check(true, 'the request appeared live in the admin’s stream');
    await entryNamed(lenaPage, student.name).first().waitFor();
    check(true, 'and live in Lena’s');
    const other = await book(server, 'sales', 'demo', { name: 'Max Mustermann', email: 'max@beispiel.de' }, { company: 'Beispiel GmbH' });
    await entryNamed(adminPage, 'Max Mustermann').first().waitFor();
    check(!(await entryNamed(lenaPage, 'Max Mustermann').count()), 'a booking that is not Lena’s stays out of her stream');
    await look(adminPage, 'admin-live-stream', 'the stream with live entries');
    await screenshot(lenaPage, 'member-phone-live');

    console.log('\n6. search by an answer, then keep it as a view');
    await adminPage.locator('kc-activity input[type="search"]').fill('chromo');
    await adminPage.waitForURL((url) => url.searchParams.get('q') === 'chromo');
    await adminPage.locator('kc-activity li').first().waitFor();
    await adminPage.waitForFunction(() => !document.querySelector('kairos-console')?.shadowRoot?.querySelector('kc-activity')?.shadowRoot?.textContent?.includes('Max Mustermann'));
    check((await entryNamed(adminPage, student.name).count()) > 0, 'searching "chromo" finds the request by its course answer');
    check(!(await entryNamed(adminPage, 'Max Mustermann').count()), 'and leaves out the other booking');
    await adminPage.locator('kc-activity #view-name').fill('Quantum students');
    await adminPage.locator('kc-activity button', { hasText: 'Save view' }).click();
    await adminPage.locator('kc-activity nav.views a', { hasText: 'Quantum students' }).waitFor();
    await adminPage.reload();
    await adminPage.locator('kc-activity nav.views a', { hasText: 'Quantum students' }).waitFor();
    check(true, 'the saved view is there after a reload');
    await look(adminPage, 'admin-search-saved-view', 'search with a saved view');

    console.log('\n7. the admin opens the request and approves it; Lena sees it live');
    await entryNamed(adminPage, student.name).first().locator('a').click();
    await adminPage.locator('kc-booking h1', { hasText: student.name }).waitFor();
    same(plain(await adminPage.locator('kc-booking .title .pill').textContent()), 'Awaiting approval', 'the booking shows as awaiting approval');
    check((await adminPage.locator('kc-booking dd', { hasText: 'Quantum chromodynamics' }).count()) === 1, 'its answers are shown');
    await look(adminPage, 'admin-request', 'a request');
    await adminPage.locator('kc-booking button', { hasText: 'Approve' }).click();
    await adminPage.locator('kc-booking [role="status"]', { hasText: 'Approved' }).waitFor();
    same(plain(await adminPage.locator('kc-booking .title .pill').textContent()), 'Confirmed', 'approved: it is confirmed');
    await lenaPage.locator('kc-activity li', { hasText: 'Approved' }).first().waitFor();
    check(true, 'Lena’s stream shows the approval live');
    await entryNamed(lenaPage, student.name).first().locator('a').click();
    await lenaPage.locator('kc-booking h1', { hasText: student.name }).waitFor();
    same(plain(await lenaPage.locator('kc-booking .title .pill').textContent()), 'Confirmed', 'Lena opens it on her phone: confirmed');
    await look(lenaPage, 'member-phone-booking', 'a booking on a phone');
    await lenaPage.locator('nav a', { hasText: 'Book' }).click();
    await lenaPage.locator('kc-book select[name="page"]').selectOption({ label: 'Office hours — Prof. de Vries' });
    await lenaPage.locator('kc-book .times label').first().click();
    await lenaPage.locator('kc-book input[name="name"]').fill('Sam Okafor');
    await lenaPage.locator('kc-book input[name="email"]').fill('sam.okafor@example.org');
    await lenaPage.locator('kc-book input[name="answer.course"]').fill('Statistical mechanics');
    await look(lenaPage, 'member-phone-book', 'a member booking a student in, on a phone');
    await lenaPage.locator('kc-book button[type="submit"]').click();
    await lenaPage.locator('kc-booking h1', { hasText: 'Sam Okafor' }).waitFor();
    same(plain(await lenaPage.locator('kc-booking dd').nth(2).textContent()), 'Prof. Lena de Vries', 'Lena books a student in, with herself');
    await look(adminPage, 'admin-approved', 'the approved booking');

    console.log('\n8. a caller asks the admin for a meeting with Ana: the admin books it for them');
    await adminPage.locator('nav a', { hasText: 'Book' }).click();
    await adminPage.locator('kc-book select[name="page"]').selectOption({ label: 'Meet Ana Silva' });
    const firstTime = adminPage.locator('kc-book .times label').first();
    await firstTime.waitFor();
    const chosenTime = plain(await firstTime.textContent());
    const chosenStart = await firstTime.locator('input').getAttribute('value');
    await firstTime.click();
    await adminPage.locator('kc-book input[name="name"]').fill('Jonas Berg');
    await adminPage.locator('kc-book input[name="email"]').fill('jonas.berg@example.se');
    await look(adminPage, 'admin-book-for-customer', 'booking for a customer');
    await adminPage.locator('kc-book button[type="submit"]').click();
    await adminPage.locator('kc-booking h1', { hasText: 'Jonas Berg' }).waitFor();
    same(plain(await adminPage.locator('kc-booking .title .pill').textContent()), 'Confirmed', `booked for the caller at ${chosenTime}: it opens, confirmed`);
    const made = (await (await adminPage.request.get(`${origin}/api/v1/admin/bookings/${adminPage.url().split('/').at(-1)}`)).json()) as { start: string };
    same(made.start, chosenStart, 'at the time chosen');
    same(plain(await adminPage.locator('kc-booking dd').nth(2).textContent()), 'Ana Silva', 'with Ana');
    await waitForMail(outbox, 'jonas.berg@example.se');
    check(true, 'the caller gets the confirmation');

    console.log('\n9. the admin reassigns the demo to a member free then, next in line first');
    await adminPage.goto(`${origin}/admin/bookings/${other.id}`);
    await adminPage.locator('kc-booking h1', { hasText: 'Max Mustermann' }).waitFor();
    const before = plain(await adminPage.locator('kc-booking dd').nth(2).textContent());
    await adminPage.locator('kc-booking button', { hasText: 'Reassign' }).click();
    const options = adminPage.locator('kc-booking select[name="member"] option');
    await options.first().waitFor({ state: 'attached' });
    const offered = await options.allTextContents();
    check(offered.length > 0 && !offered.some((o) => o.startsWith(before)), `only others are offered (${offered.join(', ')})`);
    await look(adminPage, 'admin-reassign', 'reassigning');
    await adminPage.locator('kc-booking form button[type="submit"]', { hasText: 'Reassign' }).click();
    await adminPage.locator('kc-booking [role="status"]', { hasText: 'Reassigned' }).waitFor();
    const after = plain(await adminPage.locator('kc-booking dd').nth(2).textContent());
    check(after !== before && offered.some((o) => o.startsWith(after)), `reassigned from ${before} to ${after}`);

    const pool = plain(await adminPage.locator('kc-booking dd a[href^="/admin/pools/"]').first().textContent());
    console.log(`\n10. the ${pool} pool’s dashboard shows the handover`);
    await adminPage.locator('kc-booking dd a[href^="/admin/pools/"]').first().click();
    await adminPage.locator('kc-pool h2', { hasText: 'Next in line' }).waitFor();
    const row = (name: string) => adminPage.locator('kc-pool tbody tr', { hasText: name }).locator('td');
    same((await row(before).allTextContents()).slice(0, 4).join(' '), '1 0 0 1', `${before}: assigned 1, credited 0, cancelled 0, reassigned away 1`);
    same((await row(after).allTextContents()).slice(0, 4).join(' '), '1 1 0 0', `${after}: assigned 1, credited 1`);
    check(plain(await adminPage.locator('kc-pool p.next').textContent()).length > 10, `next in line, and why: "${plain(await adminPage.locator('kc-pool p.next').textContent())}"`);
    await look(adminPage, 'admin-pool-dashboard', 'the pool dashboard');

    console.log('\n11. the customer asks for their data, then to be forgotten');
    await adminPage.locator('nav a', { hasText: 'Customers' }).click();
    await adminPage.locator('kc-customers input[name="email"]').fill(student.email.toUpperCase());
    await adminPage.locator('kc-customers button', { hasText: 'Look up' }).click();
    await adminPage.locator('kc-customers h2', { hasText: student.email }).waitFor();
    const download = adminPage.waitForEvent('download');
    await adminPage.locator('kc-customers a', { hasText: 'Download as JSON' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { bookings: { id: string; answers: Record<string, unknown> }[] };
    same(exported.bookings.map((b) => `${b.id} ${String(b.answers.course)}`).join(), `${request.id} Quantum chromodynamics`, 'the download holds the customer’s booking and answers');
    await look(adminPage, 'admin-customer', 'a customer’s data');
    await adminPage.locator('kc-customers button', { hasText: 'Erase' }).click();
    await adminPage.locator('kc-customers input[name="confirm"]').fill(student.email);
    await adminPage.locator('kc-customers button', { hasText: 'Erase for good' }).click();
    await adminPage.locator('kc-customers [role="status"]', { hasText: 'Erased: 1 bookings' }).waitFor();
    check(true, 'erased: one booking made anonymous');
    await adminPage.locator('nav a', { hasText: 'Activity' }).click();
    await adminPage.locator('kc-activity li', { hasText: 'Customer data erased' }).first().waitFor();
    check(!(await entryNamed(adminPage, student.name).count()), 'the stream no longer names the customer');
    await look(adminPage, 'admin-after-erase', 'the stream after the erasure');

    console.log('\n12. Lena switches the console to Dutch');
    await lenaPage.locator('nav a', { hasText: 'Account' }).click();
    await lenaPage.locator('kc-account select').selectOption('nl');
    await lenaPage.locator('nav a', { hasText: dutch('Activity') }).waitFor();
    same(plain(await lenaPage.locator('kc-account h1').textContent()), dutch('Account'), 'the console speaks Dutch at once');
    await lenaPage.reload();
    await lenaPage.locator('kc-account h1', { hasText: dutch('Account') }).waitFor();
    same(await lenaPage.evaluate(() => document.documentElement.lang), 'nl', 'and still after a reload, with the page’s lang');
    await look(lenaPage, 'member-phone-dutch', 'the account in Dutch on a phone');

    console.log('\n13. sign out');
    await adminPage.locator('nav a', { hasText: 'Account' }).click();
    await adminPage.locator('kc-account button', { hasText: 'Sign out everywhere' }).waitFor();
    await look(adminPage, 'admin-account', 'the account');
    await adminPage.locator('kc-account button', { hasText: 'Sign out everywhere' }).click();
    await adminPage.locator('kc-sign-in h1').waitFor();
    await look(adminPage, 'signed-out', 'the sign-in form');
    check(problems.length === 0, `no script error and no console error${problems.length ? `: ${problems.join('; ')}` : ''}`);
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runE2e('console e2e', main);
