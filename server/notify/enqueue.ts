/**
 * Turns a booking change into outbox rows, inside the transaction that made the change: the
 * booking and everything it must cause commit together, so a crash can lose neither. An email
 * row holds what its message says (the booking as the change left it, the recipient, the links);
 * the worker renders it when it sends, so the write stays short, and every retry renders the
 * very same message.
 */
import type { CalendarSync } from './calendar-sync.js';
import type { CrmSync } from './crm-sync.js';
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { EventType, Page, Webhook, WebhookEvent } from '../config/schema.js';
import type { Instant } from '../engine/types.js';
import type { Assignee, Booking } from '../store/booking.js';
import type { Database, OutboxTable } from '../store/database.js';
import { renderEmail, type EmailContext, type EmailKind, type EmailPayload, type Recipient } from './email.js';
import { isoText, mailBooking, type MailBooking } from './mail-booking.js';
import { renderSignInEmail, type SignInEmail } from './sign-in-email.js';
import { MEETING_WAIT_MS, type MeetingCall } from './meeting-call.js';
import type { TextKind, TextRow } from './text-message.js';
import { webhookBody } from './webhook.js';

/** A change to a booking, as the use case that made it knows it: everything its notifications say. */
export interface BookingChange {
  type: WebhookEvent;
  /** The booking as the change left it. */
  booking: Booking;
  /** Its event type: title and fields for the messages, reminders to plan. */
  event: Pick<EventType, 'title' | 'fields' | 'reminders' | 'sms'>;
  page: Pick<Page, 'title'> | null;
  now: Instant;
  publicUrl: string;
  /** The customer's manage link, when its token is known (create, reschedule). */
  manageUrl?: string;
  /** The booking before a reschedule or reassignment. */
  previous?: Booking;
  /**
   * Every session of a multi-session booking the change made or ended together, `booking` (the
   * first) among them: one email per person lists them all, each with its own invite event;
   * reminders and webhooks go per session.
   */
  sessions?: Booking[];
  /** The webhooks to tell, each with its id; the subscribed ones get a row. */
  webhooks: readonly Webhook[];
  /**
   * The booking's meeting is being made at its provider (`meeting-rows.ts`): its emails wait a
   * little, so that they most often carry the link instead of being followed by another email.
   */
  meetingPending?: boolean;
  /**
   * The customer's number (E.164) when they take texts by SMS: the event type sends them, and
   * they gave a number and their consent (`booking/notify-change.ts`). Left out, no text.
   */
  textTo?: string;
}

/** Where the worker finds what to send. */
export type OutboxPayload = EmailRow | SignInEmail | { kind: 'webhook'; webhookId: string; body: string } | MeetingCall | CalendarSync | TextRow | CrmSync;

type EmailRow =
  | { kind: 'email'; template: EmailKind; to: Recipient; booking: MailBooking; context: EmailContext }
  /** As rows were written before emails were rendered at sending time: the message itself. */
  | { kind: 'email'; template: EmailKind; email: EmailPayload };

/**
 * What an email row keeps once sent: the same, less the manage link, whose token would otherwise
 * lie in the database in plain text for as long as the row does. `undefined` when there is
 * nothing to take out.
 */
export function sentPayload(payload: OutboxPayload): string | undefined {
  // A sign-in link, likewise: whoever reads the row must not sign in with it.
  if (payload.kind === 'email' && payload.template === 'signIn') return JSON.stringify({ ...payload, link: '(sent)' });
  if (payload.kind === 'sms') {
    if (payload.manageUrl === undefined) return undefined;
    const { manageUrl: _sent, ...text } = payload;
    return JSON.stringify(text);
  }
  if (payload.kind !== 'email' || !('context' in payload) || payload.context.manageUrl === undefined) return undefined;
  const { manageUrl: _sent, ...context } = payload.context;
  return JSON.stringify({ ...payload, context });
}

/** The message an email row sends. */
export function emailOf(payload: EmailRow | SignInEmail): EmailPayload {
  if (payload.template === 'signIn') return renderSignInEmail(payload);
  return 'email' in payload ? payload.email : renderEmail(payload.template, payload.booking, payload.to, payload.context);
}

export async function enqueue(trx: Kysely<Database>, change: BookingChange): Promise<void> {
  const { booking } = change;
  const now = isoText(change.now);
  const context: EmailContext = {
    publicUrl: change.publicUrl.replace(/\/+$/, ''),
    now,
    ...(change.manageUrl ? { manageUrl: change.manageUrl } : {}),
    ...(change.previous ? { previous: { start: isoText(change.previous.start), end: isoText(change.previous.end) } } : {}),
  };
  const rows: Insertable<OutboxTable>[] = [];
  const row = (payload: OutboxPayload, topic: string, dueAt: string) => outboxRow(booking.id, payload, topic, now, dueAt);

  const sessions = change.sessions && change.sessions.length > 1 ? change.sessions : undefined;
  const mail = sessions ? seriesMail(sessions, change) : mailBooking(booking, change.event, change.page);
  // The manage link is the customer's: members' rows never hold it.
  const { manageUrl: _customers, ...membersContext } = context;
  const contextFor = (to: Recipient) => (to.role === 'customer' ? context : membersContext);
  const emailsDue = change.meetingPending ? isoText(change.now + MEETING_WAIT_MS) : now;
  for (const [template, to] of emailsFor(change)) {
    if (!addressed(to)) continue;
    // Of a series, each member hears of the sessions they take, in one email.
    if (sessions && to.role === 'member') continue;
    rows.push(row({ kind: 'email', template, to, booking: mail, context: contextFor(to) }, change.type, emailsDue));
  }
  if (sessions) {
    const template = emailsFor(change).find(([, to]) => to.role === 'member')?.[0];
    const members = new Map<string, Assignee>();
    for (const session of sessions) for (const m of session.members) members.set(m.id, m);
    for (const member of template ? members.values() : []) {
      const theirs = sessions.filter((b) => b.members.some((m) => m.id === member.id));
      const to = memberRecipient(member);
      rows.push(row({ kind: 'email', template: template!, to, booking: seriesMail(theirs, change), context: membersContext }, change.type, emailsDue));
    }
  }

  const text = change.textTo && change.event.sms?.confirmations !== false ? confirmationText(change) : undefined;
  // A series' text names every session's time (its reminders go one per session, below).
  if (text) rows.push(row(textRow(text, change.textTo!, booking, change, sessions), change.type, now));

  for (const session of sessions ?? [booking]) await planReminders(trx, { ...change, booking: session }, contextFor, rows, now);

  for (const webhook of change.webhooks) {
    if (!webhook.events.includes(change.type)) continue;
    for (const session of sessions ?? [booking]) {
      rows.push(outboxRow(session.id, { kind: 'webhook', webhookId: webhook.id!, body: webhookBody(change.type, now, session, change.previous) }, change.type, now, now));
    }
  }

  if (rows.length > 0) await trx.insertInto('outbox').values(rows).execute();
}

/** What the emails of a series say: its first session, listing every one of `sessions`. */
function seriesMail(sessions: Booking[], change: BookingChange): MailBooking {
  return {
    ...mailBooking(sessions[0], change.event, change.page),
    sessions: sessions.map((b) => ({ uid: b.uid, sequence: b.sequence, status: b.status, start: isoText(b.start), end: isoText(b.end) })),
  };
}

/** Reminders follow the booking's current time and people: the old ones dropped, new ones planned (a booking just created has none yet). */
async function planReminders(
  trx: Kysely<Database>,
  change: BookingChange,
  contextFor: (to: Recipient) => EmailContext,
  rows: Insertable<OutboxTable>[],
  now: string,
): Promise<void> {
  const { booking } = change;
  const row = (payload: OutboxPayload, topic: string, dueAt: string) => outboxRow(booking.id, payload, topic, now, dueAt);
  const mail = mailBooking(booking, change.event, change.page);
  if (change.type !== 'booking.created') {
    const superseded = await trx
      .selectFrom('outbox')
      .select(['id', 'payload'])
      .where('booking_id', '=', booking.id)
      .where('topic', '=', 'reminder')
      .where('status', '=', 'pending')
      .execute();
    for (const old of superseded) {
      // A reminder that will never go keeps no manage link either.
      const payload = sentPayload(JSON.parse(old.payload) as OutboxPayload);
      await trx
        .updateTable('outbox')
        .set({ status: 'cancelled', last_error: `superseded by ${change.type}`, ...(payload !== undefined ? { payload } : {}) })
        .where('id', '=', old.id)
        .execute();
    }
  }
  if (booking.status === 'confirmed' && remindable.has(change.type)) {
    for (const { minutesBefore } of change.event.reminders ?? []) {
      const due = booking.start - minutesBefore * 60_000;
      if (due <= change.now) continue;
      for (const to of [customerOf(booking), ...guestsOf(booking), ...booking.members.map(memberRecipient)].filter(addressed)) {
        rows.push(row({ kind: 'email', template: 'reminder', to, booking: mail, context: contextFor(to) }, 'reminder', isoText(due)));
      }
    }
    // Texts are reminders too (topic `reminder`): a later change supersedes them with the emails.
    for (const { minutesBefore } of change.textTo ? change.event.sms?.reminders ?? [] : []) {
      const due = booking.start - minutesBefore * 60_000;
      if (due > change.now) rows.push(row(textRow('reminder', change.textTo!, booking, change), 'reminder', isoText(due)));
    }
  }
}

/** The text a change sends the customer, if any: the booking made (or approved), moved, or canceled. */
function confirmationText(change: BookingChange): TextKind | undefined {
  switch (change.type) {
    case 'booking.created':
      return change.booking.status === 'confirmed' ? 'confirmed' : undefined;
    case 'booking.confirmed':
      return 'confirmed';
    case 'booking.rescheduled':
      return 'rescheduled';
    case 'booking.cancelled':
      return 'cancelled';
    default:
      return undefined;
  }
}

function textRow(template: TextKind, to: string, booking: Booking, change: BookingChange, sessions?: readonly Booking[]): TextRow {
  return {
    kind: 'sms',
    template,
    to,
    booking: {
      id: booking.id,
      start: isoText(booking.start),
      ...(sessions ? { starts: sessions.map((s) => isoText(s.start)) } : {}),
      timezone: booking.timezone,
      locale: booking.locale,
      title: change.event.title,
    },
    ...(change.manageUrl ? { manageUrl: change.manageUrl } : {}),
  };
}

/** A request to the customer to choose a new time: what its one email says. */
export interface RescheduleRequest {
  booking: Booking;
  event: Pick<EventType, 'title' | 'fields'>;
  page: Pick<Page, 'title'> | null;
  now: Instant;
  publicUrl: string;
  /** The link the customer chooses the new time with. */
  manageUrl: string;
  message?: string;
}

/**
 * Queues the email asking the customer to choose a new time, and nothing else: the booking has
 * not changed, so its invite, reminders and webhooks stay as they are.
 */
export async function enqueueRescheduleRequest(trx: Kysely<Database>, request: RescheduleRequest): Promise<void> {
  const now = isoText(request.now);
  const context: EmailContext = {
    publicUrl: request.publicUrl.replace(/\/+$/, ''),
    now,
    manageUrl: request.manageUrl,
    ...(request.message ? { message: request.message } : {}),
  };
  const email: OutboxPayload = {
    kind: 'email',
    template: 'rescheduleRequested',
    to: customerOf(request.booking),
    booking: mailBooking(request.booking, request.event, request.page),
    context,
  };
  await trx.insertInto('outbox').values(outboxRow(request.booking.id, email, 'reschedule_requested', now, now)).execute();
}

export function outboxRow(bookingId: string, payload: OutboxPayload, topic: string, now: string, dueAt: string): Insertable<OutboxTable> {
  return {
    id: randomUUID(),
    kind: payload.kind,
    booking_id: bookingId,
    topic,
    payload: JSON.stringify(payload),
    due_at: dueAt,
    status: 'pending',
    attempts: 0,
    created_at: now,
  };
}

const remindable = new Set<WebhookEvent>(['booking.created', 'booking.confirmed', 'booking.rescheduled', 'booking.reassigned']);

function emailsFor(change: BookingChange): [EmailKind, Recipient][] {
  const { booking, previous } = change;
  const customer = customerOf(booking);
  const members = booking.members.map(memberRecipient);
  const before = previous && new Set(previous.members.map((m) => m.id));
  const current = new Set(booking.members.map((m) => m.id));
  const joined = before ? booking.members.filter((m) => !before.has(m.id)).map(memberRecipient) : members;
  const stayed = before ? booking.members.filter((m) => before.has(m.id)).map(memberRecipient) : [];
  const left = (previous?.members ?? []).filter((m) => !current.has(m.id)).map(memberRecipient);
  const each = (kind: EmailKind, recipients: Recipient[]) => recipients.map((r): [EmailKind, Recipient] => [kind, r]);
  // Guests hear what the customer hears once the meeting stands: a request is the customer's alone.
  const guests = booking.status === 'pending' ? [] : guestsOf(booking);

  switch (change.type) {
    case 'booking.created':
      return booking.status === 'pending'
        ? [['requested', customer], ...each('approvalNeeded', members)]
        : [['confirmed', customer], ...each('confirmed', guests), ...each('booked', members)];
    case 'booking.confirmed':
      return [['approved', customer], ...each('approved', guests), ...each('booked', members)];
    case 'booking.declined':
      return [['declined', customer]];
    case 'booking.cancelled':
      return [['cancelled', customer], ...each('cancelled', guestsOf(booking)), ...each('cancelled', members)];
    case 'booking.rescheduled':
      // Without `previous` every member is told of the move; with it, newcomers get a fresh booking.
      return [['rescheduled', customer], ...each('rescheduled', guests), ...each('rescheduled', before ? stayed : members), ...(before ? each('assigned', joined) : []), ...each('unassigned', left)];
    case 'booking.reassigned':
      return [['reassigned', customer], ...each('reassigned', guests), ...each('assigned', joined), ...each('unassigned', left)];
    case 'booking.no_show':
      return [];
  }
}

/** A customer whose data was erased (`store/customer-data.ts`) has no address left: nothing is sent to nobody. */
export const addressed = (to: Recipient) => to.role === 'member' || to.email !== '';

export function customerOf(booking: Booking): Recipient {
  return { role: 'customer', name: booking.name, email: booking.email, locale: booking.locale, timeZone: booking.timezone };
}

export function guestsOf(booking: Booking): Recipient[] {
  return booking.guests.map((email) => ({ role: 'guest', name: email, email, locale: booking.locale, timeZone: booking.timezone }));
}

export function memberRecipient(member: Assignee): Recipient {
  return { role: 'member', name: member.name, email: member.email, locale: member.locale, timeZone: member.timezone };
}
