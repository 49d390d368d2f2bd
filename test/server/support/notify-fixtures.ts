/**
 * Small factories for the notification tests: config rows and bookings written straight into a
 * store (secrets sealed, as the store writes them).
 */
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import type { Kysely } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import pino from 'pino';
import type { EventType, Member, Page, Webhook } from '../../../server/config/schema.js';
import type { BookingStatus, Database } from '../../../server/store/database.js';
import { sealMember, sealWebhook } from '../../../server/store/config-secrets.js';
import { secretKeys } from '../../../server/store/secret-keys.js';

export const T0 = Date.parse('2026-12-01T08:00:00Z');
export const minutes = (n: number) => n * 60_000;
export const silentLog = pino({ level: 'silent' });

export function member(over: Partial<Member> & Pick<Member, 'id'>): Member {
  return {
    name: over.id,
    email: `${over.id}@example.com`,
    timezone: 'Europe/Paris',
    locale: 'en-US',
    weekly: {},
    overrides: [],
    busy: [],
    calendars: [],
    ...over,
  };
}

export function eventType(over: Partial<EventType> = {}): EventType {
  return {
    id: 'demo',
    title: { en: 'Product demo', fr: 'Démo produit', de: 'Produktdemo' },
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 60,
    seats: 1,
    requiresApproval: false,
    location: { type: 'video', provider: 'jitsi' },
    fields: [
      { id: 'company', type: 'text', label: { en: 'Company', fr: 'Société', de: 'Firma' }, required: true },
      { id: 'size', type: 'select', label: { en: 'Team size', de: 'Teamgröße' }, required: false, options: [{ value: '11-50', label: { en: '11 to 50 people', de: '11 bis 50 Personen' } }] },
    ],
    reminders: [],
    ...over,
  };
}

export function page(over: Partial<Page> = {}): Page {
  return {
    slug: 'sales',
    title: { en: 'Talk to sales', fr: 'Parler aux ventes', de: 'Vertrieb' },
    locale: 'en-US',
    allowedOrigins: [],
    entries: [{ event: 'demo', host: { member: 'ana' } }],
    rules: [],
    texts: {},
    theme: {},
    ...over,
  };
}

export async function seedConfig(db: Kysely<Database>, config: { members: Member[]; eventTypes?: EventType[]; pages?: Page[] }): Promise<void> {
  const at = new Date(T0).toISOString();
  await db.insertInto('members').values(config.members.map((m) => ({ id: m.id, data: JSON.stringify(sealMember(m, secretKeys())), updated_at: at }))).execute();
  for (const e of config.eventTypes ?? [eventType()]) await db.insertInto('event_types').values({ id: e.id, data: JSON.stringify(e), updated_at: at }).execute();
  for (const p of config.pages ?? [page()]) await db.insertInto('pages').values({ id: p.slug, data: JSON.stringify(p), updated_at: at }).execute();
}

export async function seedWebhook(db: Kysely<Database>, id: string, hook: Webhook): Promise<void> {
  await db.insertInto('webhooks').values({ id, data: JSON.stringify(sealWebhook(hook, secretKeys())), updated_at: new Date(T0).toISOString() }).execute();
}

export interface BookingSeed {
  id?: string;
  start?: string;
  durationMinutes?: number;
  status?: BookingStatus;
  members?: string[];
  locale?: string;
  timezone?: string;
  name?: string;
  email?: string;
  answers?: Record<string, string | boolean>;
  location?: object;
  sequence?: number;
  reason?: string | null;
  phone?: string | null;
  guests?: string[];
}

export async function seedBooking(db: Kysely<Database>, seed: BookingSeed = {}): Promise<string> {
  const id = seed.id ?? 'bk1';
  const start = seed.start ?? '2026-12-03T09:00:00.000Z';
  const end = new Date(Date.parse(start) + minutes(seed.durationMinutes ?? 30)).toISOString();
  const at = new Date(T0).toISOString();
  await db
    .insertInto('bookings')
    .values({
      id,
      uid: `${id}@kairos.test`,
      page: 'sales',
      event_type: 'demo',
      host: JSON.stringify({ member: 'ana' }),
      status: seed.status ?? 'confirmed',
      start_at: start,
      end_at: end,
      buffer_before: 0,
      buffer_after: 0,
      timezone: seed.timezone ?? 'Europe/Paris',
      locale: seed.locale ?? 'fr',
      name: seed.name ?? 'Claire Dupont',
      email: seed.email ?? 'claire@example.org',
      phone: seed.phone ?? null,
      guests: JSON.stringify(seed.guests ?? []),
      answers: JSON.stringify(seed.answers ?? { company: 'Acme' }),
      source: '{}',
      location: JSON.stringify(seed.location ?? { type: 'video', joinUrl: 'https://meet.jit.si/kairos-test' }),
      manage_token_hash: 'x'.repeat(64),
      idempotency_key: null,
      sequence: seed.sequence ?? 0,
      reason: seed.reason ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const memberId of seed.members ?? ['ana']) {
    await db.insertInto('booking_members').values({ booking_id: id, member_id: memberId, pool: null }).execute();
  }
  return id;
}

/** Rows of the outbox, oldest first, with payloads parsed. */
export async function outboxRows(db: Kysely<Database>) {
  const rows = await db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('due_at').execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.payload) }));
}

/** A real SMTP server on a random loopback port, keeping every message it accepts, parsed. */
export async function startSmtp(port = 0): Promise<{ url: string; port: number; messages: ParsedMail[]; close(): Promise<void> }> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: the test is about what we send, not about certificates.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The invite of a parsed email: nodemailer's `icalEvent` arrives as a text/calendar part. */
export function inviteOf(mail: ParsedMail): ICAL.Component {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`no invite in "${mail.subject}"`);
  return parseIcs(part.content.toString('utf8'));
}

export function parseIcs(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text));
}
