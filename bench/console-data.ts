/**
 * The bookings of the console benchmark and everything a real one leaves behind, made up from a
 * seeded generator: the booking row (its members, its pool history), its activity entries in
 * the order the use cases write them (created or requested; approved or declined; rescheduled
 * by the customer; reassigned by an admin or a member; cancelled; marked no-show), and its
 * outbox rows as `notify/enqueue.ts` queues them for each change (the emails to the customer and
 * the members, reminders planned and superseded, the webhook), settled the way the worker
 * settles them (sent, a few retried, a few given up; reminders still ahead pending), each try in
 * `outbox_attempts`.
 *
 * Bookings start over two years around `now` (20 months back, 4 ahead), every time is at or
 * before `now`, and the same seed makes the same rows.
 */
import type { Insertable } from 'kysely';
import type { ActivityTable, BookingMemberTable, BookingStatus, BookingTable, OutboxAttemptTable, OutboxTable, PoolAssignmentTable } from '../server/store/database.js';
import type { MailBooking } from '../server/notify/mail-booking.js';
import { benchEvents, consoleConfig, eventTitles, pageTitles, pools, teamMembers, WEBHOOK_EVENTS, type BenchEvent } from './console-config.js';
import { customerMaker, regions, type Country, type Customer } from './console-people.js';
import { seeded } from './seeded.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PAST_DAYS = 600;
const FUTURE_DAYS = 120;
const PUBLIC_URL = 'https://book.kairos-team.example';

export interface Rows {
  bookings: BookingTable[];
  booking_members: BookingMemberTable[];
  pool_assignments: PoolAssignmentTable[];
  activity: ActivityTable[];
  outbox: Insertable<OutboxTable>[];
  outbox_attempts: OutboxAttemptTable[];
}

export const emptyRows = (): Rows => ({ bookings: [], booking_members: [], pool_assignments: [], activity: [], outbox: [], outbox_attempts: [] });

/** What the queries of the benchmark look for, noted while the data is made. */
export interface Facts {
  /** Bookings per surname. */
  surnames: Map<string, number>;
  /** Bookings per company, by the first word of its name. */
  companies: Map<string, number>;
  emails: string[];
  phones: string[];
  bookingIds: string[];
  rareBookings: number;
}

const stored = (at: number) => new Date(at).toISOString();
const members = new Map(teamMembers.map((m) => [m.id, m]));
const fields = consoleConfig().eventTypes!.find((e) => e.id === 'demo')!.fields!;

export function bookingMaker(seed: number, now: number) {
  const random = seeded(seed);
  const customer = customerMaker(random);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const between = (from: number, to: number) => from + Math.floor(random() * Math.max(0, to - from));
  const bytes = (n: number) => {
    const buffer = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) buffer[i] = Math.floor(random() * 256);
    return buffer;
  };
  /** As `newId()`: 96 bits, base64url. */
  const newId = () => bytes(12).toString('base64url');
  const uuid = () => {
    const hex = bytes(16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const quarter = (at: number) => Math.floor(at / (15 * MINUTE)) * 15 * MINUTE;
  /** A start in office hours (07:00–19:00 UTC), on the 15-minute grid. */
  const officeStart = (at: number) => Math.floor(at / DAY) * DAY + 7 * HOUR + quarter(between(0, 12 * HOUR));
  const eventShares = benchEvents.flatMap((e) => Array.from({ length: Math.round(e.share * 100) }, () => e));

  return function make(index: number, rows: Rows, facts: Facts): void {
    const event = pick(eventShares);
    const region = event.id === 'demo' ? pick(['emea', 'emea', 'amer', 'apac'] as const) : event.id === 'intro' ? 'amer' : pick(['emea', 'emea', 'amer', 'apac'] as const);
    const who = customer(pick(regions[region]) as Country, index % 33_333 === 7);
    const pool = 'pool' in event.host ? (event.id === 'demo' ? `sales-${region}` : event.host.pool) : null;
    const host = pool ? { pool } : event.host;
    let member = pool ? pick(pools[pool]!) : (event.host as { member: string }).member;

    const finalStart = officeStart(now - PAST_DAYS * DAY + between(0, (PAST_DAYS + FUTURE_DAYS) * DAY));
    // Booked hours to weeks ahead. One that lead would put after now was made at a steady rate
    // over the weeks before (not all in the last days: that burst, some 50,000 entries in three
    // days, is no team's history).
    const lead = Math.min(60 * DAY, Math.floor(-Math.log(1 - random()) * 8 * DAY) + 2 * HOUR);
    const created = finalStart - lead <= now - MINUTE ? finalStart - lead : now - between(MINUTE, 60 * DAY);
    const id = newId();
    const source = chance(0.5) ? { utm_source: pick(['google', 'newsletter', 'linkedin', 'partner']), utm_medium: pick(['cpc', 'email', 'social']), referrer: `https://www.kairos-team.example/${pick(['pricing', 'features', 'blog/scheduling', ''])}` } : {};
    const answers: Record<string, string | boolean> = { company: who.company, country: who.country, ...(who.notes ? { notes: who.notes } : {}), consent: true };
    const location = event.location.type === 'video' ? { type: 'video' as const, joinUrl: `https://meet.jit.si/kairos-${bytes(12).toString('hex')}` } : event.location;
    // The changes, in time order, each at or before now.
    type Change = { type: string; at: number; actor: string; data: Record<string, unknown>; topic: string };
    const changes: Change[] = [];
    const firstType = event.requiresApproval ? 'requested' : 'created';
    const createdBy = chance(0.92) ? 'customer' : chance(0.6) ? 'admin' : `member:${member}`;
    let cursor = created;
    let currentStart = finalStart;
    // Changes come before the booking starts: room is left for one more while this holds.
    const room = () => cursor < Math.min(now, currentStart - 30 * MINUTE) - 2 * MINUTE;
    const later = () => (cursor = between(cursor + MINUTE, Math.min(now, currentStart - 30 * MINUTE, cursor + 14 * DAY)));

    const reschedules = pick([0, 0, 0, 0, 0, 0, 0, 1, 1, 2]) + (chance(0.03) ? 2 : 0);
    const reassigns = pick([0, 0, 0, 0, 0, 0, 1, 1, 2]);
    // Earlier starts: each reschedule moved the booking from one of these.
    const starts = Array.from({ length: reschedules }, () => {
      const start = officeStart(finalStart + between(-10, 10) * DAY);
      return start > created + 2 * HOUR ? start : officeStart(created + between(1, 10) * DAY);
    });
    const initialStart = starts[0] ?? finalStart;
    const initialMember = member;
    changes.push({ type: firstType, at: created, actor: createdBy, data: { start: stored(initialStart), members: [member], source }, topic: 'booking.created' });
    currentStart = initialStart;
    let outcome: 'approved' | 'declined' | 'waiting' = 'approved';
    if (event.requiresApproval) {
      outcome = chance(0.82) ? 'approved' : chance(0.6) ? 'declined' : 'waiting';
      const by = chance(0.7) ? `member:${member}` : 'admin';
      if (outcome !== 'waiting' && room()) {
        if (outcome === 'approved') changes.push({ type: 'approved', at: later(), actor: by, data: {}, topic: 'booking.confirmed' });
        else changes.push({ type: 'declined', at: later(), actor: by, data: { reason: pick([null, 'Fully booked that week', 'Please book a demo first', 'Outside our support hours']) }, topic: 'booking.declined' });
      } else outcome = 'waiting';
    }
    if (outcome !== 'declined') {
      const moves = [...starts.slice(1), finalStart].map((to) => ({ kind: 'rescheduled' as const, to }));
      const hands = Array.from({ length: reassigns }, () => ({ kind: 'reassigned' as const }));
      const steps = [...moves, ...hands].sort(() => random() - 0.5);
      // Moves keep their order among themselves: the last one lands on the final start.
      let move = 0;
      for (const step of steps) {
        if (!room()) break;
        if (step.kind === 'rescheduled') {
          const to = moves[move++]!.to;
          // A move onto a time already past, or onto the same start, is refused.
          if (to <= cursor + 2 * HOUR || to === currentStart) break;
          const at = later();
          changes.push({ type: 'rescheduled', at, actor: 'customer', data: { from: stored(currentStart), to: stored(to), members: [member] }, topic: 'booking.rescheduled' });
          currentStart = to;
        } else {
          const at = later();
          const to = pick((pool ? pools[pool]! : teamMembers.map((m) => m.id)).filter((m) => m !== member));
          changes.push({ type: 'reassigned', at, actor: chance(0.6) ? 'admin' : `member:${member}`, data: { from: member, to }, topic: 'booking.reassigned' });
          member = to;
        }
      }
      if (room() && chance(0.14)) {
        const by = chance(0.75) ? 'customer' : chance(0.6) ? 'admin' : `member:${member}`;
        changes.push({ type: 'cancelled', at: later(), actor: by, data: { reason: pick([null, null, 'Something came up', 'Found another solution', 'Sick', 'Double booked', 'Rendez-vous annulé']) }, topic: 'booking.cancelled' });
      }
    }
    const end = currentStart + event.minutes * MINUTE;
    const last = changes.at(-1)!.type;
    if (last !== 'cancelled' && last !== 'declined' && outcome !== 'waiting' && end + DAY < now && chance(0.05)) {
      changes.push({ type: 'no_show', at: between(end + 10 * MINUTE, end + DAY), actor: chance(0.8) ? `member:${member}` : 'admin', data: {}, topic: 'booking.no_show' });
    }
    const finalStatus: BookingStatus =
      last === 'declined' ? 'declined' : changes.some((c) => c.type === 'cancelled') ? 'cancelled' : changes.at(-1)!.type === 'no_show' ? 'no_show' : outcome === 'waiting' ? 'pending' : 'confirmed';

    // Replay the changes: activity entries, and the outbox rows each queues and how they went.
    const state = { start: initialStart, member: initialMember, status: (event.requiresApproval ? 'pending' : 'confirmed') as BookingStatus, sequence: 0, reason: null as string | null };
    let pendingReminders: Insertable<OutboxTable>[] = [];
    for (const change of changes) {
      const previous = { start: state.start, member: state.member };
      if (change.type === 'approved') state.status = 'confirmed';
      if (change.type === 'declined') [state.status, state.reason] = ['declined', change.data.reason as string | null];
      if (change.type === 'cancelled') [state.status, state.reason] = ['cancelled', change.data.reason as string | null];
      if (change.type === 'no_show') state.status = 'no_show';
      if (change.type === 'rescheduled') [state.start, state.sequence] = [Date.parse(change.data.to as string), state.sequence + 1];
      if (change.type === 'reassigned') [state.member, state.sequence] = [change.data.to as string, state.sequence + 1];
      rows.activity.push({ id: newId(), booking_id: id, at: stored(change.at), type: change.type, actor: change.actor, data: JSON.stringify(change.data) });

      const snapshot = mail(event, who, { id, ...state, location, answers });
      // Written as JSON.stringify would write the whole payload, the booking serialised once for all its emails.
      const snapshotJson = JSON.stringify(snapshot);
      const context = JSON.stringify({ publicUrl: PUBLIC_URL, now: stored(change.at), ...(change.type === 'rescheduled' ? { previous: { start: stored(previous.start), end: stored(previous.start + event.minutes * MINUTE) } } : {}) });
      const email = (template: string, to: string | 'customer', topic = change.topic, due = change.at): Insertable<OutboxTable> => ({
        id: uuid(),
        kind: 'email',
        booking_id: id,
        topic,
        payload: `{"kind":"email","template":${JSON.stringify(template)},"to":${JSON.stringify(recipient(to, who))},"booking":${snapshotJson},"context":${context}}`,
        due_at: stored(due),
        status: 'pending',
        attempts: 0,
        created_at: stored(change.at),
      });
      const queued: Insertable<OutboxTable>[] = [];
      switch (change.type) {
        case 'created': queued.push(email('confirmed', 'customer'), email('booked', state.member)); break;
        case 'requested': queued.push(email('requested', 'customer'), email('approvalNeeded', state.member)); break;
        case 'approved': queued.push(email('approved', 'customer'), email('booked', state.member)); break;
        case 'declined': queued.push(email('declined', 'customer')); break;
        case 'cancelled': queued.push(email('cancelled', 'customer'), email('cancelled', state.member)); break;
        case 'rescheduled': queued.push(email('rescheduled', 'customer'), email('rescheduled', state.member)); break;
        case 'reassigned': queued.push(email('reassigned', 'customer'), email('assigned', state.member), email('unassigned', previous.member)); break;
      }
      // A change supersedes the reminders still waiting; a remindable one plans them anew.
      if (change.type !== 'created' && change.type !== 'requested') {
        for (const reminder of pendingReminders) {
          if (Date.parse(reminder.due_at) > change.at) settleCancelled(reminder, change.topic);
          else settleSent(reminder, Date.parse(reminder.due_at));
        }
        pendingReminders = [];
      }
      if (event.reminder && state.status === 'confirmed' && ['created', 'approved', 'rescheduled', 'reassigned'].includes(change.type)) {
        const due = state.start - event.reminder * MINUTE;
        if (due > change.at) pendingReminders = [email('reminder', 'customer', 'reminder', due), email('reminder', state.member, 'reminder', due)];
      }
      for (const row of queued) settleSent(row, change.at);
      if ((WEBHOOK_EVENTS as readonly string[]).includes(change.topic)) {
        const body = JSON.stringify({ type: change.topic, timestamp: stored(change.at), data: { booking: hookBooking(snapshot, event) } });
        const hook: Insertable<OutboxTable> = { id: uuid(), kind: 'webhook', booking_id: id, topic: change.topic, payload: JSON.stringify({ kind: 'webhook', webhookId: 'crm', body }), due_at: stored(change.at), status: 'pending', attempts: 0, created_at: stored(change.at) };
        settleSent(hook, change.at);
      }
    }
    for (const reminder of pendingReminders) {
      const due = Date.parse(reminder.due_at);
      if (due <= now) settleSent(reminder, due);
      else rows.outbox.push(reminder);
    }

    /** As the worker settles a row: mostly sent at the first try; a few after retries; a few given up. */
    function settleSent(row: Insertable<OutboxTable>, at: number) {
      const webhook = row.kind === 'webhook';
      const tries = chance(webhook ? 0.004 : 0.002) ? (webhook ? 8 : 12) : chance(0.01) ? 2 : 1;
      const givenUp = tries > 2;
      const error = webhook ? 'HTTP 503 Service Unavailable' : '421 4.7.0 Try again later';
      const delays = webhook ? [5e3, 5 * 60e3, 30 * 60e3, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] : Array.from({ length: 11 }, (_, i) => Math.min(MINUTE * 2 ** i, 2 * HOUR));
      let t = at + between(webhook ? 100 : 1_000, webhook ? 2_000 : 30_000);
      for (let attempt = 1; attempt <= tries; attempt++) {
        if (t > now) {
          // Not tried again yet: still due.
          rows.outbox.push({ ...row, status: 'pending', attempts: attempt - 1, due_at: stored(t), last_error: attempt > 1 ? error : null });
          return;
        }
        const last = attempt === tries;
        const ok = last && !givenUp;
        rows.outbox_attempts.push({ id: uuid(), outbox_id: row.id, at: stored(t), ok: ok ? 1 : 0, error: ok ? null : last ? (webhook ? 'HTTP 410 Gone' : '550 5.1.1 Mailbox unavailable') : error });
        if (last) {
          rows.outbox.push({ ...row, status: ok ? 'sent' : 'failed', attempts: tries, sent_at: ok ? stored(t) : null, failed_at: ok ? null : stored(t), last_error: ok ? null : error });
          return;
        }
        t += delays[attempt - 1]!;
      }
    }

    function settleCancelled(row: Insertable<OutboxTable>, by: string) {
      rows.outbox.push({ ...row, status: 'cancelled', last_error: `superseded by ${by}` });
    }

    const ended = changes.at(-1)!.at;
    rows.bookings.push({
      id,
      uid: `${id}@book.kairos-team.example`,
      page: event.page,
      event_type: event.id,
      host: JSON.stringify(host),
      status: finalStatus,
      start_at: stored(state.start),
      end_at: stored(state.start + event.minutes * MINUTE),
      buffer_before: 0,
      buffer_after: 10,
      timezone: who.timezone,
      locale: who.locale,
      name: who.name,
      email: who.email,
      phone: who.phone,
      guests: '[]',
      series_id: null,
      answers: JSON.stringify(answers),
      source: JSON.stringify(source),
      location: JSON.stringify(location),
      manage_token_hash: bytes(32).toString('hex'),
      idempotency_key: chance(0.3) ? bytes(32).toString('hex') : null,
      idempotency_fingerprint: null,
      sequence: state.sequence,
      reason: state.reason,
      created_at: stored(created),
      updated_at: stored(ended),
    });
    rows.booking_members.push({ booking_id: id, member_id: state.member, pool });
    if (pool) {
      const seen = [initialMember, ...changes.filter((c) => c.type === 'reassigned').map((c) => c.data.to as string)];
      const times = [created, ...changes.filter((c) => c.type === 'reassigned').map((c) => c.at)];
      const closing = finalStatus === 'cancelled' ? 'cancelled' : finalStatus === 'no_show' ? 'no_show' : 'held';
      seen.forEach((m, i) => rows.pool_assignments.push({ id: newId(), pool, member_id: m, booking_id: id, assigned_at: stored(times[i]!), outcome: i < seen.length - 1 ? 'reassigned_away' : closing }));
    }

    facts.bookingIds.push(id);
    const surname = who.name.split(' ').at(-1)!;
    facts.surnames.set(surname, (facts.surnames.get(surname) ?? 0) + 1);
    const company = who.company.split(' ')[0]!;
    facts.companies.set(company, (facts.companies.get(company) ?? 0) + 1);
    if (facts.emails.length < 1000) facts.emails.push(who.email);
    if (who.phone && facts.phones.length < 1000) facts.phones.push(who.phone);
    if (index % 33_333 === 7) facts.rareBookings++;
  };
}

function recipient(to: string, who: Customer) {
  if (to === 'customer') return { role: 'customer', name: who.name, email: who.email, locale: who.locale, timeZone: who.timezone };
  const m = members.get(to)!;
  return { role: 'member', name: m.name, email: m.email, locale: m.locale, timeZone: m.timezone };
}

/** The booking as `notify/webhook.ts` sends it. */
function hookBooking(b: MailBooking, event: BenchEvent) {
  const { id, uid, status, start, end, timezone, locale, customer, answers, location, reason, sequence } = b;
  return { id, uid, status, event: event.id, page: event.page, start, end, timezone, locale, customer, answers, location, hosts: b.members, reason, sequence };
}

function mail(
  event: BenchEvent,
  who: Customer,
  b: { id: string; status: BookingStatus; start: number; member: string; sequence: number; reason: string | null; location: MailBooking['location']; answers: MailBooking['answers'] },
): MailBooking {
  const m = members.get(b.member)!;
  return {
    id: b.id,
    uid: `${b.id}@book.kairos-team.example`,
    sequence: b.sequence,
    status: b.status,
    start: stored(b.start),
    end: stored(b.start + event.minutes * MINUTE),
    timezone: who.timezone,
    locale: who.locale,
    customer: { name: who.name, email: who.email, phone: who.phone },
    answers: b.answers,
    reason: b.reason,
    location: b.location,
    eventType: { title: eventTitles[event.id]!, fields: fields as MailBooking['eventType']['fields'] },
    page: { title: pageTitles[event.page]! },
    members: [{ id: m.id, name: m.name, email: m.email }],
  };
}
