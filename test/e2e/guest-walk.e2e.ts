/**
 * End to end on a phone: a visitor whose browser speaks German books the demo's technical deep
 * dive with a guest on a 390×844 screen, then, from the confirmation's manage link, moves it to
 * another time and cancels it on the server's manage page. Every text is checked against the
 * German catalogue; the guest's emails (invite, move, cancellation) are read from the outbox and
 * must never carry the manage link. Each step is photographed at 390 px and at 1280 px.
 *
 * It runs on the real clock: it takes the first available day and slot, never a fixed date.
 * Run: `npx tsx test/e2e/guest-walk.e2e.ts` (exit code 1 on failure). Screenshots: test/e2e/screenshots/guest-walk/.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { BookingResponse, PageResponse } from '../../shared/api-schemas.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { parseXliff } from '../../server/notify/xliff.js';
import { readBooking } from '../../server/store/booking-rows.js';
import { buildIfStale, check, launchChromium, plain, root, runE2e, same, screenshots } from './e2e-support.js';

const ZONE = 'Europe/Berlin';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const shoot = screenshots(join(root, 'test/e2e/screenshots/guest-walk'));

/** The step as a phone shows it, then as a desktop does, and back to the phone. */
async function screenshot(page: Page, name: string): Promise<void> {
  await shoot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await shoot(page, `${name}-1280`);
  await page.setViewportSize(PHONE);
}

const catalogue = new Map(parseXliff(readFileSync(join(root, 'locales/de.xlf'), 'utf8')).map((u) => [u.id, u]));

/** A German message of the catalogue, with its placeholders filled in order. */
function de(id: string, ...values: string[]): string {
  const unit = catalogue.get(id);
  if (!unit?.target) throw new Error(`locales/de.xlf has no German text for ${id}`);
  let next = 0;
  return unit.target.map((part) => (typeof part === 'string' ? part : (values[next++] ?? ''))).join('');
}

const berlinTime = (instant: string) => new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, hour: 'numeric', minute: '2-digit' }).format(new Date(instant));

/** Every email to `address` in the outbox folder, once there are at least `count`, oldest first. */
async function mailsTo(dir: string, address: string, count: number, timeoutMs = 20_000): Promise<{ raw: string; mail: ParsedMail }[]> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const found: { raw: string; mail: ParsedMail }[] = [];
    for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).sort() : []) {
      const raw = readFileSync(join(dir, file), 'utf8');
      if (!raw.includes(address)) continue;
      const mail = await simpleParser(raw);
      if (mail.to && !Array.isArray(mail.to) && mail.to.value.some((a) => a.address === address)) found.push({ raw, mail });
    }
    if (found.length >= count) return found;
    if (performance.now() > end) throw new Error(`${found.length} emails to ${address} in ${dir} after ${timeoutMs} ms, wanted ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A mail's invite, unfolded (RFC 5545 §3.1) and in lower case; empty without one. */
function inviteOf(mail: ParsedMail): string {
  const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? '';
  return ics.replace(/\r\n[ \t]/g, '').toLowerCase();
}

/** Picks the first day with times, then the first time; answers the time's label as shown. */
async function pickFirstTime(page: Page): Promise<string> {
  const widget = page.locator('kairos-booking');
  await widget.locator('.day[aria-disabled="false"]').first().click();
  const slot = widget.locator('button.slot').first();
  await slot.waitFor();
  await slot.scrollIntoViewIfNeeded();
  return plain(await slot.textContent());
}

async function walk(page: Page, server: RunningServer, outboxDir: string): Promise<void> {
  const salesDe = (await (await fetch(`${server.url}/api/v1/pages/sales?locale=de`)).json()) as PageResponse;
  const deepDive = salesDe.entries.find((e) => e.event === 'deep-dive')!;
  check(deepDive.guests === 3, 'the demo’s deep dive takes up to 3 guests');
  const widget = page.locator('kairos-booking');
  const heading = widget.locator('.step h2').first();

  console.log(`\n1. open ${server.url}/ on a 390×844 screen (locale de-DE, zone ${ZONE})`);
  await page.goto(`${server.url}/`);
  await widget.locator('button.entry').first().waitFor();
  same(plain(await heading.textContent()), de('entry.heading'), 'the entries step speaks German');
  const titles = await widget.locator('button.entry strong').allTextContents();
  same(titles.map(plain).join(' | '), 'Produktdemo | Technischer Deep Dive', 'the demo’s entries are titled in German');
  await screenshot(page, 'entries');

  console.log('\n2. the deep dive, its first day with times, its first time');
  await widget.locator('button.entry', { hasText: deepDive.title }).click();
  const shownTime = await pickFirstTime(page);
  await screenshot(page, 'times');
  await widget.locator('button.slot').first().click();

  console.log('\n3. the form, with a guest');
  await widget.locator('#field-name').waitFor();
  const labels = (await widget.locator('kairos-booking-form label').allTextContents()).map(plain);
  check(labels.some((l) => l.startsWith('Wie sieht Ihr Technologie-Stack aus?')), 'the demo’s own fields are labelled in German');
  same(labels.at(-1), de('form.guests'), 'the form offers to add guests, in German');
  const email = `lena.vogel+${Date.now().toString(36)}@example.de`;
  const guest = `jonas.weber+${Date.now().toString(36)}@example.de`;
  await widget.locator('#field-name').fill('Lena Vogel');
  await widget.locator('#field-email').fill(email);
  await widget.locator('#field-company').fill('Vogel Maschinenbau GmbH');
  await widget.locator('#field-stack').fill('TypeScript, PostgreSQL');
  await widget.locator('#field-guests').fill(guest);
  await screenshot(page, 'form-with-guest');

  console.log('\n4. book');
  await widget.locator('kairos-booking-form button[type="submit"]').click();
  const confirmation = widget.locator('kairos-confirmation');
  await confirmation.locator('h2').waitFor();
  const manageUrl = new URL((await confirmation.locator('a[part="manage-link"]').getAttribute('href'))!);
  const id = manageUrl.pathname.split('/').pop()!;
  const stored = (await readBooking(server.store.db, id))!;
  same(JSON.stringify(stored.guests), JSON.stringify([guest]), 'the booking keeps the guest');
  check(plain(await confirmation.textContent()).includes(shownTime), `the confirmation shows the time chosen (${shownTime})`);
  await screenshot(page, 'confirmation');

  const [invited] = await mailsTo(outboxDir, guest, 1);
  check(inviteOf(invited!.mail).includes(`attendee;role=opt-participant;partstat=needs-action;rsvp=true:mailto:${guest}`), 'the guest gets the invite, as an attendee');
  check(!invited!.raw.includes('/manage/'), 'the guest’s email has no manage link');
  check(plain(invited!.mail.text).includes(berlinTime(new Date(stored.start).toISOString())), 'the guest’s email gives the time in the visitor’s zone');

  console.log('\n5. the manage page, from the confirmation’s link');
  await page.goto(`${server.url}${manageUrl.pathname}${manageUrl.search}`);
  const manage = widget.locator('kairos-manage-booking');
  await manage.locator('h2').waitFor();
  same(plain(await manage.locator('[part~="status"]').textContent()), de('status.confirmed'), 'it says the booking is confirmed, in German');
  same(plain(await manage.locator('.meta').textContent()), salesDe.title, 'it names the page the booking was made on');
  check(await manage.locator('a[part~="join"]').count() === 1, 'the join URL is a link');
  await screenshot(page, 'manage');

  console.log('\n6. reschedule: another time, the current one struck through beside it');
  const before = await (await fetch(`${server.url}/api/v1/bookings/${id}?token=${manageUrl.searchParams.get('token')}`)).json() as BookingResponse;
  await manage.locator('[part~="reschedule"]').click();
  await widget.locator('.day[aria-disabled="false"]').first().waitFor();
  const days = widget.locator('.day[aria-disabled="false"]');
  await days.nth((await days.count()) > 1 ? 1 : 0).click();
  const slot = widget.locator('button.slot').last();
  await slot.waitFor();
  await slot.scrollIntoViewIfNeeded();
  await screenshot(page, 'reschedule-times');
  await slot.click();
  const move = widget.locator('kairos-move-step');
  await move.locator('del').waitFor();
  check(plain(await move.locator('del').textContent()).includes(shownTime), 'the current time is struck through');
  same((await move.locator('dt').allTextContents()).map(plain).join(' | '), `${de('move.current')} | ${de('move.new')}`, 'beside the new one, both named in German');
  await screenshot(page, 'reschedule-confirm');
  await move.locator('[part~="submit"]').click();
  await manage.locator('del').waitFor();
  same(plain(await manage.locator('h2').textContent()), de('manage.rescheduled'), 'it ends on “rescheduled”, in German');
  same(plain(await manage.locator('.notice').textContent()), de('manage.movedEmail'), 'and says what happens next');
  const after = await (await fetch(`${server.url}/api/v1/bookings/${id}?token=${manageUrl.searchParams.get('token')}`)).json() as BookingResponse;
  check(after.start !== before.start, `the booking moved (${before.start} → ${after.start})`);
  await screenshot(page, 'rescheduled');
  const moved = (await mailsTo(outboxDir, guest, 2)).find((m) => inviteOf(m.mail).includes('sequence:1'));
  check(moved && !moved.raw.includes('/manage/'), 'the guest is sent the moved invite, without the manage link');

  console.log('\n7. cancel, with a reason');
  await manage.locator('[part~="cancel"]').click();
  await manage.locator('#cancel-reason').fill('Termin passt doch nicht');
  await screenshot(page, 'cancel-reason');
  await manage.locator('[part~="confirm-cancel"]').click();
  await manage.locator('[data-status="cancelled"]').waitFor();
  same(plain(await manage.locator('[part~="status"]').textContent()), de('status.cancelled'), 'it says the booking is cancelled, in German');
  same(await manage.locator('a[part~="join"]').count(), 0, 'the cancelled booking shows no join link');
  const again = manage.locator('a[part~="book-again"]');
  same(plain(await again.textContent()), de('manage.bookAgain'), 'it offers to book again, in German');
  same(new URL((await again.getAttribute('href'))!).pathname, '/book/sales', 'to the page’s own booking link');
  await screenshot(page, 'cancelled');
  const cancelled = (await mailsTo(outboxDir, guest, 3)).find((m) => inviteOf(m.mail).includes('method:cancel'));
  check(cancelled, 'the guest is sent the cancellation');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-e2e-guest-'));
  const outboxDir = join(dir, 'outbox');
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  try {
    buildIfStale();
    server = await startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, outboxDir, buildWidget: true, rateLimit: 0, log: pino({ level: 'silent' }) });
    browser = await launchChromium();
    const context = await browser.newContext({ timezoneId: ZONE, locale: 'de-DE', viewport: PHONE, deviceScaleFactor: 1, hasTouch: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await walk(page, server, outboxDir);
    check(pageErrors.length === 0, `no script error in the page${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runE2e('guest walk', main);
