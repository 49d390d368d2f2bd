import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, deliverDue, enqueue } from '../../../server/notify/index.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { inviteOf, member, minutes, seedBooking, seedConfig, silentLog, startSmtp, T0 } from '../support/notify-fixtures.js';
import { webhookDirectory } from '../../../server/store/config-repository.js';
import { bookingChange } from '../support/booking-change.js';

const publicUrl = 'https://book.example.com';
const mailFrom = 'Kairos <bookings@example.com>';

let store: Store;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  smtp = await startSmtp();
  await seedConfig(store.db, {
    members: [
      member({ id: 'ana', name: 'Ana Weber', locale: 'de', timezone: 'Europe/Berlin' }),
      member({ id: 'bo', name: 'Bo Costa', locale: 'pt-BR', timezone: 'America/Sao_Paulo' }),
    ],
  });
});

afterEach(async () => {
  await smtp.close();
  await store.close();
});

async function sendDue(now: number) {
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom, publicUrl });
  try {
    return await deliverDue(store, now, { mailer, webhooks: webhookDirectory(store.db), log: silentLog });
  } finally {
    mailer.close();
  }
}

const to = (address: string) => (mail: ParsedMail) => mail.to !== undefined && !Array.isArray(mail.to) && mail.to.value[0].address === address;
const mailTo = (address: string) => {
  const found = smtp.messages.filter(to(address));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('booking emails over SMTP', () => {
  it('confirms to the customer in French, in their zone, with a REQUEST invite for everyone', async () => {
    await seedBooking(store.db, { members: ['ana', 'bo'], locale: 'fr', timezone: 'Europe/Paris' });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl, manageToken: 'tok-123' }));
    expect(await sendDue(T0)).toMatchObject({ claimed: 3, sent: 3 });

    const mail = mailTo('claire@example.org');
    expect(mail.subject).toBe('Confirmé\u00a0: Démo produit le jeu. 3 déc. 2026, 10:00 UTC+1');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Kairos', address: 'bookings@example.com' });
    expect(mail.text).toContain('Votre rendez-vous «\u00a0Démo produit\u00a0» avec Ana Weber et Bo Costa est réservé.');
    expect(mail.text).toContain('Quand\u00a0: jeudi 3 décembre 2026, 10:00\u2009–\u200910:30 UTC+1');
    expect(mail.text).toContain('https://book.example.com/manage/bk1?token=tok-123');
    expect(mail.html).toContain('<html lang="fr">');

    const calendar = inviteOf(mail);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe('bk1@kairos.test');
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstProperty('dtstart')!.toICALString()).toBe('DTSTART:20261203T090000Z');
    expect(event.getFirstProperty('dtend')!.toICALString()).toBe('DTEND:20261203T093000Z');
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:ana@example.com');
    expect(event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()).sort()).toEqual([
      'mailto:ana@example.com',
      'mailto:bo@example.com',
      'mailto:claire@example.org',
    ]);
    expect(event.getFirstPropertyValue('summary')).toBe('Démo produit');
    expect(String(event.getFirstPropertyValue('description'))).toContain('Déplacer ou annuler\u00a0: https://book.example.com/manage/bk1?token=tok-123');
  });

  it('tells each member in their own language and zone, with the answers and without the manage link', async () => {
    await seedBooking(store.db, { members: ['ana', 'bo'], answers: { company: 'Acme', size: '11-50', newsletter: true } });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl, manageToken: 'tok-123' }));
    await sendDue(T0);

    const ana = mailTo('ana@example.com');
    expect(ana.subject).toBe('Neue Buchung: Produktdemo mit Claire Dupont am Do., 3. Dez. 2026, 10:00 MEZ');
    expect(ana.text).toContain('Firma: Acme');
    expect(ana.text).toContain('newsletter: Ja');
    // A select's answer reads as its option's label, in the member's language.
    expect(ana.text).toContain('Teamgröße: 11 bis 50 Personen');
    expect(ana.text).not.toContain('token=');
    const anaEvent = inviteOf(ana).getFirstSubcomponent('vevent')!;
    expect(anaEvent.getFirstPropertyValue('summary')).toBe('Produktdemo – Claire Dupont');
    expect(anaEvent.getFirstProperty('dtstart')!.toICALString()).toBe('DTSTART:20261203T090000Z');

    const bo = mailTo('bo@example.com');
    expect(bo.subject).toMatch(/^Novo agendamento: .* com Claire Dupont em qui\., 3 de dez\. de 2026, 06:00 BRT$/);
  });

  it('gives each member the customer’s email address and phone and the booking’s id, and the customer none of it', async () => {
    await seedBooking(store.db, { members: ['ana'], phone: '+33 6 12 34 56 78' });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl, manageToken: 'tok-123' }));
    await sendDue(T0);

    const ana = mailTo('ana@example.com');
    expect(ana.text).toContain('E-Mail: claire@example.org');
    expect(ana.text).toContain('Telefon: +33 6 12 34 56 78');
    expect(ana.text).toContain('Buchung: bk1');
    expect(ana.html).toContain('claire@example.org');
    const claire = mailTo('claire@example.org');
    expect(claire.text).not.toContain('+33 6 12 34 56 78');
    expect(claire.text).not.toMatch(/Réservation\s*:/);
  });

  it('links each member asked to approve a request straight to it in the team console, in their language', async () => {
    await seedBooking(store.db, { id: 'bk/1', status: 'pending', members: ['ana', 'bo'], locale: 'fr' });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk/1', now: T0, publicUrl, manageToken: 'tok' }));
    await sendDue(T0);

    const link = 'https://book.example.com/admin/bookings/bk%2F1';
    const ana = mailTo('ana@example.com');
    expect(ana.text).toContain('Claire Dupont möchte „Produktdemo“ bei Ihnen buchen. Bitte nehmen Sie die Anfrage über den Link unten an oder lehnen Sie sie ab.');
    expect(ana.text).toContain(`Anfrage öffnen: ${link}`);
    expect(ana.html).toContain(`href="${link}"`);
    expect(ana.text).toContain('Buchung: bk/1');
    expect(mailTo('bo@example.com').text).toContain(`Abrir a solicitação: ${link}`);
    // The customer's own email has no way into the console.
    expect(mailTo('claire@example.org').text).not.toContain('/admin/');
  });

  it('cancels with METHOD:CANCEL on the same UID with a higher SEQUENCE, in French and German', async () => {
    await seedBooking(store.db, { members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl, manageToken: 'tok' }));
    await sendDue(T0);
    const later = T0 + minutes(90);
    await store.db.updateTable('bookings').set({ status: 'cancelled', sequence: 1, reason: 'Conflit ; déplacement, désolée' }).execute();
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.cancelled', bookingId: 'bk1', now: later, publicUrl }));
    expect(await sendDue(later)).toMatchObject({ sent: 2 });

    const [request, cancel] = smtp.messages.filter(to('claire@example.org'));
    expect(cancel.subject).toBe('Annulé\u00a0: Démo produit le jeu. 3 déc. 2026, 10:00 UTC+1');
    expect(cancel.text).toContain('Motif\u00a0: Conflit ; déplacement, désolée');
    expect(cancel.text).not.toContain('token=');
    const requestEvent = inviteOf(request).getFirstSubcomponent('vevent')!;
    const calendar = inviteOf(cancel);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(requestEvent.getFirstPropertyValue('uid'));
    expect(Number(event.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(requestEvent.getFirstPropertyValue('sequence')));
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstProperty('dtstamp')!.toICALString()).toBe('DTSTAMP:20261201T093000Z');

    const [, anaCancel] = smtp.messages.filter(to('ana@example.com'));
    expect(anaCancel.subject).toBe('Abgesagt: Produktdemo am Do., 3. Dez. 2026, 10:00 MEZ');
    expect(inviteOf(anaCancel).getFirstPropertyValue('method')).toBe('CANCEL');
  });

  it('escapes a hostile name and answers in the HTML part and keeps them verbatim in the text part', async () => {
    const hostile = '<script>alert("x")</script>';
    await seedBooking(store.db, { members: ['ana'], locale: 'en-US', name: hostile, answers: { company: '<img src=x onerror=alert(1)> & Co' } });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    await sendDue(T0);

    const ana = mailTo('ana@example.com');
    expect(ana.html).not.toContain('<script>');
    expect(ana.html).not.toContain('<img');
    expect(ana.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(ana.html).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; Co');
    expect(ana.text).toContain(`${hostile} hat „Produktdemo“ bei Ihnen gebucht.`);
    expect(inviteOf(ana).getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe(`Produktdemo – ${hostile}`);
  });

  it('keeps an email while the SMTP server is down and sends it exactly once when it is back', async () => {
    await seedBooking(store.db, { members: [] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    const port = smtp.port;
    await smtp.close();

    expect(await sendDue(T0)).toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
    const waiting = await store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, due_at: new Date(T0 + minutes(1)).toISOString() });
    expect(waiting.last_error).toMatch(/ECONNREFUSED/);
    expect(await sendDue(T0 + 30_000)).toMatchObject({ claimed: 0 });

    smtp = await startSmtp(port);
    expect(await sendDue(T0 + minutes(1))).toMatchObject({ sent: 1 });
    expect(await sendDue(T0 + minutes(10))).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(1);
    const attempts = await store.db.selectFrom('outbox_attempts').select(['ok', 'at']).orderBy('at').execute();
    expect(attempts).toEqual([
      { ok: 0, at: new Date(T0).toISOString() },
      { ok: 1, at: new Date(T0 + minutes(1)).toISOString() },
    ]);
  });
});

describe('booking emails without SMTP', () => {
  it('writes one .eml file per email into the outbox folder, invite included', async () => {
    await seedBooking(store.db, { members: ['ana'] });
    await enqueue(store.db, await bookingChange(store.db, { type: 'booking.created', bookingId: 'bk1', now: T0, publicUrl }));
    const dir = mkdtempSync(join(tmpdir(), 'kairos-outbox-'));
    const mailer = createMailer({ outboxDir: dir, mailFrom, publicUrl });
    expect(await deliverDue(store, T0, { mailer, webhooks: webhookDirectory(store.db), log: silentLog })).toMatchObject({ sent: 2 });

    const ids = (await store.db.selectFrom('outbox').select('id').execute()).map((r) => `${r.id}.eml`).sort();
    expect(readdirSync(dir).sort()).toEqual(ids);
    const mails = await Promise.all(ids.map((file) => simpleParser(readFileSync(join(dir, file)))));
    const customer = mails.find(to('claire@example.org'))!;
    expect(customer.subject).toMatch(/^Confirmé/);
    expect(customer.messageId).toMatch(/@book\.example\.com>$/);
    expect(inviteOf(customer).getFirstPropertyValue('method')).toBe('REQUEST');
    const raw = ids.map((file) => readFileSync(join(dir, file), 'utf8')).find((text) => text.includes('claire@example.org'))!;
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
  });
});
