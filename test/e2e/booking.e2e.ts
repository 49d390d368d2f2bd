/**
 * End to end: the real server (temp SQLite file, temp outbox), the built widget, and Chromium as
 * a visitor in Tokyo whose browser speaks French. The visitor books a product demo on the demo
 * home page (`sales`, inline embed); we check that every text came from the French catalogue,
 * that every time shown is the booked UTC instant in Asia/Tokyo, that the booking is stored,
 * that its confirmation email, with the invite, landed in the outbox, and that the confirmation's
 * manage link opens the booking in the widget on the server's manage page.
 *
 * The `demo` entry is chosen on purpose: its form has a required routing field (`country`),
 * a required consent and an optional select, so the form step is exercised for real. The
 * country is Japan, which no routing rule claims, so the booking stays with the round-robin
 * `sales` pool whose slots the widget showed.
 *
 * It runs on the real clock: it takes the first available day and slot, never a fixed date.
 * Run: `npx tsx test/e2e/booking.e2e.ts` (exit code 1 on failure). Screenshots: test/e2e/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import pino from 'pino';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import type { BookingResponse, PageResponse } from '../../shared/api-schemas.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { parseXliff } from '../../server/notify/xliff.js';
import { readBooking } from '../../server/store/booking-rows.js';
import { buildIfStale, check, launchChromium, plain, root, runE2e, same, screenshots, waitForMail } from './e2e-support.js';

const ZONE = 'Asia/Tokyo';
const screenshot = screenshots(join(root, 'test/e2e/screenshots'));

// ---------- what the visitor should see, computed here, independently of the widget ----------

const catalogue = new Map(parseXliff(readFileSync(join(root, 'locales/fr.xlf'), 'utf8')).map((u) => [u.id, u]));

/** A French message of the widget's catalogue, with its placeholders filled in order. */
function fr(id: string, ...values: string[]): string {
  const unit = catalogue.get(id);
  if (!unit?.target) throw new Error(`locales/fr.xlf has no French text for ${id}`);
  let next = 0;
  return unit.target.map((part) => (typeof part === 'string' ? part : values[next++] ?? '')).join('');
}

const inTokyo = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, ...options });
// French pads the hour of a range ("09:00 – 09:30"): the widget's list pads it too, to match.
const tokyoTime = (instant: string) => inTokyo({ hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
const tokyoDate = (instant: string) => inTokyo({ dateStyle: 'full' }).format(new Date(instant));
const tokyoDay = (instant: string) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(instant));
const tokyoZoneName = (instant: string) =>
  inTokyo({ timeZoneName: 'short' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')!.value;
/** "heure normale du Japon": the zone's name as the picker shows it. */
const tokyoGenericName = () => plain(inTokyo({ timeZoneName: 'longGeneric' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName')!.value);
const tokyoOffset = () =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, timeZoneName: 'shortOffset' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName')!.value;

// ---------- the visit ----------

/** Every contract event the widget fires, recorded in the page before any script runs. */
function recordWidgetEvents(): void {
  const events: { name: string; detail: unknown }[] = [];
  (window as unknown as { kairosEvents: typeof events }).kairosEvents = events;
  for (const name of ['kairos-ready', 'kairos-event-selected', 'kairos-date-selected', 'kairos-slot-selected', 'kairos-booked', 'kairos-error']) {
    document.addEventListener(name, (e) => events.push({ name, detail: (e as CustomEvent).detail }));
  }
}

async function eventDetail<T>(page: Page, name: string): Promise<T> {
  const handle = await page.waitForFunction(
    (n) => (window as unknown as { kairosEvents: { name: string; detail: unknown }[] }).kairosEvents.find((e) => e.name === n)?.detail,
    name,
  );
  return (await handle.jsonValue()) as T;
}

/** Books as the visitor; answers the booking and its manage link. */
async function visit(page: Page, server: RunningServer, outboxDir: string): Promise<{ booked: BookingResponse; manageUrl: URL; title: string }> {
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1/${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const salesFr = await api<PageResponse>('pages/sales?locale=fr');
  const demo = salesFr.entries.find((e) => e.event === 'demo')!;
  const widget = page.locator('kairos-booking');
  const heading = widget.locator('.step h2').first();

  console.log(`\n1. open ${server.url}/ in Chromium (locale fr-FR, zone ${ZONE})`);
  await page.goto(`${server.url}/`);
  await eventDetail(page, 'kairos-ready');
  same(plain(await heading.textContent()), fr('entry.heading'), 'the entries step speaks French');
  const titles = await widget.locator('button.entry strong').allTextContents();
  same(titles.join(' | '), salesFr.entries.map((e) => e.title).join(' | '), 'the entries carry their French titles');
  await screenshot(page, 'entries');

  console.log('\n2. choose the product demo, then the first day with availability');
  await widget.locator('button.entry', { hasText: demo.title }).click();
  same(plain(await heading.textContent()), demo.title, 'the date step is about the chosen entry');
  const zoneButton = widget.locator('kairos-timezone-picker button').first();
  same(plain(await zoneButton.textContent()), fr('zone.current', `${tokyoGenericName()} (${tokyoOffset()})`), 'the zone shown is Tokyo’s, by its French name, detected without a click');
  const day = widget.locator('.day[aria-disabled="false"]').first();
  const dayKey = (await day.getAttribute('data-day'))!;
  await day.click();
  same((await eventDetail<{ date: string }>(page, 'kairos-date-selected')).date, dayKey, 'kairos-date-selected reports the day chosen');
  const firstSlot = widget.locator('button.slot').first();
  await firstSlot.waitFor();
  const dayLabel = plain(await widget.locator('#slots-label').textContent());
  const frenchDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', dateStyle: 'full' }).format(new Date(`${dayKey}T12:00:00Z`));
  same(dayLabel, plain(frenchDay), 'the chosen day is written in French');
  await screenshot(page, 'day-and-slots');

  console.log('\n3. choose the first slot of that day');
  const shownTime = plain(await firstSlot.textContent());
  const holding = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/pages/sales/holds');
  await firstSlot.click();
  const chosen = await eventDetail<{ event: string; start: string }>(page, 'kairos-slot-selected');
  same(chosen.event, 'demo', 'kairos-slot-selected names the demo');
  same(shownTime, plain(tokyoTime(chosen.start)), `the slot shown (${shownTime}) is its UTC start ${chosen.start} in Tokyo time`);
  same(tokyoDay(chosen.start), dayKey, 'the slot falls on the chosen day in Tokyo');
  await checkHeld(page, server, await holding, { day: dayKey, shownTime, start: chosen.start });

  console.log('\n4. the form: French validation, then the required fields');
  await widget.locator('#field-name').waitFor();
  const submit = widget.locator('kairos-booking-form button[type="submit"]');
  same(plain(await submit.textContent()), fr('form.submit'), 'the submit button speaks French');
  const labels = await widget.locator('kairos-booking-form label').allTextContents();
  for (const field of demo.fields ?? []) check(labels.some((l) => plain(l).startsWith(field.label)), `the field "${field.label}" is labelled in French`);
  await submit.click();
  same(plain(await widget.locator('#field-name-error').textContent()), fr('form.required'), 'an empty required field is refused in French');
  same(plain(await widget.locator('#field-consent-error').textContent()), fr('form.consentRequired'), 'a missing consent is refused in French');
  await screenshot(page, 'form-validation');

  const email = `haruto.sato+${Date.now().toString(36)}@example.jp`;
  await widget.locator('#field-name').fill('Haruto Sato');
  await widget.locator('#field-email').fill(email);
  await widget.locator('#field-company').fill('Sakura Kōgyō');
  await widget.locator('#field-country').selectOption('JP');
  await widget.locator('#field-size').selectOption('2-50');
  await widget.locator('#field-consent').check();
  await screenshot(page, 'form-filled');

  console.log('\n5. book');
  await submit.click();
  await widget.locator('kairos-confirmation h2, .step p.error').first().waitFor();
  const refused = await widget.locator('.step p.error').count();
  check(refused === 0, `the booking is accepted${refused ? ` (the widget said: ${await widget.locator('.step p.error').textContent()})` : ''}`);
  const booked = await eventDetail<{ id: string; status: string; start: string; end: string; timezone: string }>(page, 'kairos-booked');
  same(booked.status, 'confirmed', 'kairos-booked reports a confirmed booking');
  same(booked.start, chosen.start, 'the booked start is the chosen slot');
  same(booked.timezone, ZONE, 'the booking records the visitor zone');
  const confirmation = widget.locator('kairos-confirmation');
  const override = JSON.parse(readFileSync(join(root, 'demo/config.json'), 'utf8')).pages.find((p: { slug: string }) => p.slug === 'sales')
    ?.texts?.fr?.['done.heading'] as string | undefined;
  same(plain(await confirmation.locator('h2').textContent()), plain(override ?? fr('done.heading')), 'the confirmation heading is the page’s French text');
  const details = new Map(
    await confirmation.locator('dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent?.trim() ?? '', dt.nextElementSibling?.textContent ?? ''] as [string, string])),
  );
  const when = plain(details.get(fr('done.when')));
  check(when.includes(plain(tokyoDate(booked.start))), `the confirmation dates it ${tokyoDate(booked.start)} (Tokyo): "${when}"`);
  check(when.includes(shownTime) && when.includes(plain(tokyoTime(booked.end))), `the confirmation shows ${shownTime} – ${tokyoTime(booked.end)}, Tokyo time`);
  check(when.includes(plain(tokyoZoneName(booked.start))), `the confirmation names the zone (${tokyoZoneName(booked.start)})`);
  same(plain(details.get(fr('done.what'))), demo.title, 'the confirmation names the French event title');
  await screenshot(page, 'confirmation');

  console.log('\n6. the booking is stored');
  const manageUrl = new URL((await confirmation.locator('a[part="manage-link"]').getAttribute('href'))!);
  const token = manageUrl.searchParams.get('token')!;
  const viaApi = await api<BookingResponse>(`bookings/${encodeURIComponent(booked.id)}?token=${encodeURIComponent(token)}`);
  same(`${viaApi.id} ${viaApi.status} ${viaApi.start} ${viaApi.timezone} ${viaApi.locale}`, `${booked.id} confirmed ${chosen.start} ${ZONE} fr`,
    'GET /api/v1/bookings/{id}?token=… (from the manage link) returns it');
  const stored = (await readBooking(server.store.db, booked.id))!;
  check(stored, 'the store has the booking');
  same(stored.email, email, 'the store has the visitor’s email');
  same(JSON.stringify([stored.answers.company, stored.answers.country, stored.answers.size, stored.answers.consent]),
    JSON.stringify(['Sakura Kōgyō', 'JP', '2-50', true]), 'the store has the form’s answers');
  check(stored.members.length === 1 && stored.members[0]!.pool === 'sales', `the sales pool took it (${stored.members[0]?.name})`);

  console.log('\n7. the confirmation email is written to the outbox');
  const mail = await waitForMail(outboxDir, email, (raw) => raw.includes('END:VCALENDAR'));
  same(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined, email, 'an .eml is addressed to the visitor');
  check(mail.subject?.startsWith(fr('email.confirmed.subject').split(':')[0]!), `its subject is French: "${mail.subject}"`);
  check(plain(mail.text).includes(shownTime), `its text gives the time in Tokyo (${shownTime})`);
  const invite = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  check(invite, 'it carries a calendar invite');
  const calendar = new ICAL.Component(ICAL.parse(invite.content.toString('utf8')));
  same(calendar.getFirstPropertyValue('method'), 'REQUEST', 'the invite is an iTIP REQUEST');
  const event = calendar.getFirstSubcomponent('vevent')!;
  same((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString().replace('.000Z', 'Z'), booked.start, 'the invite starts at the booked instant');
  const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase());
  check(attendees.includes(`mailto:${email}`), 'the visitor is an attendee of the invite');
  const refusals = await page.evaluate(() => (window as unknown as { kairosEvents: { name: string }[] }).kairosEvents.filter((e) => e.name === 'kairos-error').length);
  same(refusals, 0, 'the widget fired no kairos-error');
  return { booked: viaApi, manageUrl, title: demo.title };
}

/**
 * The chosen time is held for the visitor while they fill the form: the form says until when, in
 * French; another visitor (a second browser) does not see the time; and a hold let go by leaving
 * the page (pagehide) gives its time back.
 */
async function checkHeld(page: Page, server: RunningServer, holding: Response, chosen: { day: string; shownTime: string; start: string }): Promise<void> {
  same(holding.status(), 201, 'picking the time holds it (POST …/holds answers 201)');
  const { expiresAt } = (await holding.json()) as { expiresAt: string };
  const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
  check(minutes > 4 && minutes <= 5, `the hold lasts five minutes (expires ${expiresAt})`);
  const held = page.locator('kairos-booking kairos-booking-form .notice:not(.skeleton-text)');
  same(plain(await held.textContent()), plain(fr('form.held', tokyoTime(expiresAt))), 'the form says, in French, until when the time is held (Tokyo time)');
  await screenshot(page, 'form-held');

  const other = await page.context().browser()!.newContext({ timezoneId: ZONE, locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
  other.setDefaultTimeout(15_000);
  try {
    const visitor = await other.newPage();
    const widget = visitor.locator('kairos-booking');
    await visitor.goto(`${server.url}/`);
    await widget.locator('button.entry').first().click();
    await widget.locator(`.day[data-day="${chosen.day}"]`).click();
    await widget.locator('button.slot').first().waitFor();
    const times = (await widget.locator('button.slot').allTextContents()).map(plain);
    check(!times.includes(chosen.shownTime), `another visitor does not see the held time ${chosen.shownTime} among ${times.slice(0, 4).join(', ')}…`);
    await screenshot(visitor, 'other-visitor-without-held-time');

    const theirs = widget.locator('button.slot').first();
    const theirTime = plain(await theirs.textContent());
    const theirHold = visitor.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/pages/sales/holds');
    await theirs.click();
    const start = ((await (await theirHold).request().postDataJSON()) as { start: string }).start;
    await widget.locator('kairos-booking-form .notice:not(.skeleton-text)').waitFor();
    const offered = async () => {
      const res = await fetch(`${server.url}/api/v1/pages/sales/slots?event=demo&from=${chosen.day}&to=${chosen.day}&timezone=${ZONE}`);
      return ((await res.json()) as { slots: { start: string }[] }).slots.some((slot) => slot.start === start);
    };
    same(await offered(), false, `the second visitor’s pick (${theirTime}) is held too`);
    await visitor.goto(`${server.url}/ana`);
    let back = false;
    for (let i = 0; i < 50 && !(back = await offered()); i++) await new Promise((r) => setTimeout(r, 100));
    check(back, 'leaving the page (pagehide, a keepalive POST …/release) lets the second visitor’s time go');
  } finally {
    await other.close();
  }
}

/** The confirmation's "change or cancel" link opens the server's manage page, where the widget shows the booking. */
async function visitManagePage(page: Page, server: RunningServer, { booked, manageUrl, title }: Awaited<ReturnType<typeof visit>>): Promise<void> {
  console.log('\n8. the manage link: the server’s page with <kairos-booking booking-id token>');
  await page.goto(`${server.url}${manageUrl.pathname}${manageUrl.search}`);
  const manage = page.locator('kairos-booking kairos-manage-booking');
  await manage.locator('h2').waitFor();
  same(plain(await manage.locator('h2').textContent()), title, 'it shows the booking’s French event title');
  check(plain(await manage.locator('.details').textContent()).includes(plain(tokyoTime(booked.start))), `it shows the booked time in Tokyo (${tokyoTime(booked.start)})`);
  same(plain(await manage.locator('[part~="reschedule"]').textContent()), fr('manage.reschedule'), 'it offers to reschedule, in French');
  same(plain(await manage.locator('[part~="cancel"]').textContent()), fr('manage.cancel'), 'it offers to cancel, in French');
  await screenshot(page, 'manage-page');
}


/** The one-file build for a plain script tag cannot code-split: it must fetch French by URL. */
async function visitScriptTagPage(page: Page, server: RunningServer): Promise<void> {
  console.log('\n9. a page with the plain script tag (kairos.iife.js): Ana’s own booking page');
  const chunk = page.waitForResponse((r) => new URL(r.url()).pathname === '/locales/fr.js');
  await page.goto(`${server.url}/ana`);
  const loaded = await chunk;
  same(loaded.status(), 200, 'the IIFE fetched the French chunk by URL');
  check(await page.evaluate(() => !document.querySelector('script[type="module"][src*="kairos"]')), 'no ES module of the widget on the page');
  const zoneButton = page.locator('kairos-booking kairos-timezone-picker button').first();
  await zoneButton.waitFor();
  same(plain(await zoneButton.textContent()), fr('zone.current', `${tokyoGenericName()} (${tokyoOffset()})`), 'it speaks French and shows Tokyo time there too');
  await screenshot(page, 'script-tag-page');
}

/**
 * On a phone (390×844) and a desktop (1280×800): the summary beside or above the month, the
 * chosen day's times as their own step on the phone, and a group session's request (office
 * hours need the professor's approval) confirmed as a request, with no calendar buttons.
 */
async function visitAtBothSizes(browser: Browser, server: RunningServer, pageErrors: string[]): Promise<void> {
  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    const phone = width < 600;
    console.log(`\n10. at ${width}×${height}: the date step, the day's times, a request awaiting approval`);
    const context = await browser.newContext({ timezoneId: ZONE, locale: 'fr-FR', viewport: { width, height } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const widget = page.locator('kairos-booking');
    await page.goto(`${server.url}/`);
    await widget.locator('button.entry').first().click();
    const day = widget.locator('.day[aria-disabled="false"]').first();
    await day.waitFor();
    const summary = widget.locator('.summary-panel');
    const [panel, grid] = [await summary.boundingBox(), await widget.locator('kairos-month-grid').boundingBox()];
    check(panel && grid && (phone ? panel.y + panel.height <= grid.y : panel.x + panel.width <= grid.x),
      `the summary of what is booked sits ${phone ? 'above' : 'beside'} the month`);
    await widget.locator('kairos-month-grid').scrollIntoViewIfNeeded();
    await screenshot(page, `${width}-date-step`);
    await day.click();
    await widget.locator('button.slot').first().waitFor();
    same(await widget.locator('kairos-month-grid').isVisible(), !phone, phone ? 'on the phone the month makes way for the day’s times' : 'on the desktop the month stays beside the times');
    if (phone) {
      await page.waitForFunction(() => document.querySelector('kairos-booking')!.shadowRoot!.activeElement?.id === 'slots-label');
      check(true, 'focus moves to the times’ heading');
      same(plain(await widget.locator('.to-month').textContent()), `‹ ${fr('date.toMonth')}`, 'a French button leads back to the calendar');
    }
    await screenshot(page, `${width}-day-times`);

    await page.goto(`${server.url}/office-hours`);
    await widget.locator('.day[aria-disabled="false"]').first().click();
    const slot = widget.locator('button.slot').first();
    await slot.waitFor();
    const seats = plain(await slot.locator('.seats').textContent());
    same(seats, plain(fr('slots.seatsOther', seats.match(/\d+/)?.[0] ?? '?')), 'a group session’s time says how many places are left, in French');
    await screenshot(page, `${width}-group-times`);
    await slot.click();
    const held = widget.locator('kairos-booking-form .notice:not(.skeleton-text)');
    await held.waitFor();
    check(plain(await held.textContent()).startsWith(plain(fr('form.held', '')).replace(/\.$/, '')), 'the group session’s seat is held for the visitor while they fill the form');
    await screenshot(page, `${width}-held-form`);
    await widget.locator('#field-name').fill('Noor Bakker');
    await widget.locator('#field-email').fill(`noor.${width}.${Date.now().toString(36)}@example.nl`);
    await widget.locator('#field-course').fill('Algorithms');
    await widget.locator('kairos-booking-form button[type="submit"]').click();
    const confirmation = widget.locator('kairos-confirmation');
    await confirmation.locator('h2').waitFor();
    same(plain(await confirmation.locator('.notice').textContent()), fr('done.pendingNext'), 'a request says, in French, that the host will confirm it and an email will follow');
    same(await confirmation.locator('.calendar-links').count(), 0, 'a request offers no calendar buttons');
    await screenshot(page, `${width}-request-sent`);
    await context.close();
  }
}

/**
 * A site on another origin embeds Ana's page: a hold its visitor took is let go as they leave,
 * although the request must cross origins from a closing page. (A DELETE would need a CORS
 * preflight, which Chromium does not make for keepalive requests: it never left.) The site is
 * played by `localhost`, the server is reached at `127.0.0.1`; Chromium's local-network checks,
 * which would stop a public site from calling a server on this machine at all, are off.
 */
async function leaveFromAnotherSite(server: RunningServer): Promise<void> {
  console.log('\n11. an embed on another origin: leaving the page lets the hold go');
  const site = 'http://localhost:45678';
  const auth = { authorization: `Bearer ${server.generatedAdminKey}`, 'content-type': 'application/json' };
  const config = (await (await fetch(`${server.url}/api/v1/admin/config`, { headers: auth })).json()) as { pages: { slug: string; allowedOrigins?: string[] }[] };
  for (const p of config.pages) if (p.slug === 'ana') p.allowedOrigins = [...(p.allowedOrigins ?? []), site];
  same((await fetch(`${server.url}/api/v1/admin/config`, { method: 'PUT', headers: auth, body: JSON.stringify(config) })).status, 200, `Ana’s page allows ${site}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.route(`${site}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><script type="module" src="${server.url}/kairos.js"></script><kairos-booking page="ana"></kairos-booking>` }),
    );
    await page.goto(`${site}/`);
    const widget = page.locator('kairos-booking');
    await widget.locator('.day[aria-disabled="false"]').first().click();
    const holding = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/holds'));
    await widget.locator('button.slot').first().click();
    const hold = await holding;
    same(hold.status(), 201, 'the visitor on the other site holds the time they picked');
    const { start } = hold.request().postDataJSON() as { start: string };
    const day = start.slice(0, 10);
    const offered = async () =>
      ((await (await fetch(`${server.url}/api/v1/pages/ana/slots?from=${day}&to=${day}&timezone=UTC`)).json()) as { slots: { start: string }[] }).slots.some((x) => x.start === start);
    same(await offered(), false, 'nobody else is offered it meanwhile');
    await page.goto('about:blank');
    let back = false;
    for (let i = 0; i < 50 && !(back = await offered()); i++) await new Promise((r) => setTimeout(r, 100));
    check(back, 'once they leave, the time is offered again (a keepalive POST …/release crossed origins)');
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-e2e-'));
  const outboxDir = join(dir, 'outbox');
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  try {
    buildIfStale();
    server = await startServer({
      port: 0,
      databaseUrl: `sqlite:${join(dir, 'kairos.db')}`,
      outboxDir,
      buildWidget: true,
      rateLimit: 0,
      log: pino({ level: 'silent' }),
    });
    browser = await launchChromium();
    const context = await browser.newContext({ timezoneId: ZONE, locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(recordWidgetEvents);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await visitManagePage(page, server, await visit(page, server, outboxDir));
    await visitScriptTagPage(page, server);
    await visitAtBothSizes(browser, server, pageErrors);
    await leaveFromAnotherSite(server);
    check(pageErrors.length === 0, `no script error in the page${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runE2e('e2e', main);
