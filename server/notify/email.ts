/**
 * One email about one booking to one recipient, in their locale and time zone: subject, text and
 * HTML (every value escaped: names and answers are whatever the customer typed), and the invite
 * when the email changes what the calendar should show.
 */
import type { MailBooking } from './mail-booking.js';
import { translator, type Translate } from './catalogue.js';
import { answerText, fieldLabel, locationText, renderInvite, type InviteMethod } from './invite.js';
import { pickText } from '../config/localized-text.js';
import { labelled } from './labelled.js';
import { formatList, formatRange, formatStart } from './recipient-time.js';

export type EmailKind =
  | 'confirmed'
  | 'booked'
  | 'requested'
  | 'approvalNeeded'
  | 'approved'
  | 'declined'
  | 'rescheduled'
  | 'cancelled'
  | 'reassigned'
  | 'assigned'
  | 'unassigned'
  | 'reminder'
  | 'rescheduleRequested'
  /** The booking's meeting link came (or it moved to its fallback location) after its first emails. */
  | 'meetingUpdated';

export interface Recipient {
  /** A guest is someone the customer invited along: told as the customer is, without the manage link. */
  role: 'customer' | 'member' | 'guest';
  name: string;
  email: string;
  locale: string;
  timeZone: string;
}

export interface EmailContext {
  publicUrl: string;
  /** DTSTAMP of the attached invite. */
  now: string;
  /** Customer's link to reschedule or cancel, when the token is known. */
  manageUrl?: string;
  previous?: { start: string; end: string };
  /** What the member or admin who asks the customer to reschedule wrote to them. */
  message?: string;
}

/** Where the team console shows a booking; signed-out people get its sign-in form there. */
export function consoleBookingUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/admin/bookings/${encodeURIComponent(id)}`;
}

/** A rendered email, ready for the mailer. */
export interface EmailPayload {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  invite?: { method: InviteMethod; content: string };
}

const inviteOf: Partial<Record<EmailKind, InviteMethod>> = {
  confirmed: 'REQUEST',
  booked: 'REQUEST',
  approved: 'REQUEST',
  rescheduled: 'REQUEST',
  reassigned: 'REQUEST',
  assigned: 'REQUEST',
  cancelled: 'CANCEL',
  declined: 'CANCEL',
  unassigned: 'CANCEL',
  meetingUpdated: 'REQUEST',
};

export function renderEmail(kind: EmailKind, booking: MailBooking, to: Recipient, context: EmailContext): EmailPayload {
  const t = translator(to.locale);
  const event = pickText(booking.eventType.title, to.locale);
  const date = formatStart(booking.start, to);
  const customer = booking.customer.name;
  const hosts = formatList(booking.members.map((m) => m.name), to.locale);
  const others = [customer, ...booking.members.filter((m) => m.email !== to.email).map((m) => m.name)];
  const people = to.role === 'customer' ? hosts : formatList(others, to.locale);
  const previous = context.previous ? formatStart(context.previous.start, to) : '';
  const [subject, customersIntro] = headline(kind, t, { event, date, customer, hosts, people, previous });
  // A guest's invitation says who invited them; later news reads as it does for the customer.
  const intro = to.role === 'guest' && (kind === 'confirmed' || kind === 'approved') ? t('email.guestInvited.intro', customer, event, hosts) : customersIntro;
  const ended = kind === 'cancelled' || kind === 'declined' || kind === 'unassigned';

  const series = booking.sessions && booking.sessions.length > 1 ? booking.sessions : undefined;
  const details: [string, string][] = [
    series
      ? [t('email.label.sessions', String(series.length)), series.map((s) => formatRange(s.start, s.end, to)).join('\n')]
      : [t('email.label.when'), formatRange(booking.start, booking.end, to)],
  ];
  if (context.previous && kind === 'rescheduled') {
    details.push([t('email.label.previously'), formatRange(context.previous.start, context.previous.end, to)]);
  }
  details.push([t('email.label.where'), locationText(booking, t, to.locale)], [t('email.label.with'), people]);
  if (to.role === 'member') {
    // The host needs a way to reach the customer, and the id to find the booking in the console.
    if (booking.customer.email) details.push([t('email.label.email'), booking.customer.email]);
    if (booking.customer.phone) details.push([t('email.label.phone'), booking.customer.phone]);
    details.push([t('email.label.booking'), booking.id]);
    if (booking.guests?.length) details.push([t('email.label.guests'), booking.guests.join('\n')]);
    for (const [field, answer] of Object.entries(booking.answers)) {
      details.push([fieldLabel(booking, field, to.locale), answerText(booking, field, answer, to.locale, t)]);
    }
  }
  if (booking.reason && (kind === 'cancelled' || kind === 'declined')) details.push([t('email.label.reason'), booking.reason]);
  if (context.message && kind === 'rescheduleRequested') details.push([t('email.label.message'), context.message]);

  const actions: [string, string][] = [];
  if (!ended && booking.location.joinUrl) actions.push([t('email.action.join'), booking.location.joinUrl]);
  if (!ended && to.role === 'customer' && context.manageUrl) {
    actions.push([kind === 'rescheduleRequested' ? t('email.action.chooseTime') : t('email.action.manage'), context.manageUrl]);
  }
  if (kind === 'approvalNeeded' && to.role === 'member') actions.push([t('email.action.openRequest'), consoleBookingUrl(context.publicUrl, booking.id)]);
  const site = booking.page ? pickText(booking.page.title, to.locale) : new URL(context.publicUrl).host;
  const footer = t('email.footer', site);

  const method = inviteOf[kind];
  return {
    to: { name: to.name, address: to.email },
    subject,
    text: [intro, '', ...details.map(([label, value]) => labelled(label, value, to.locale)), '', ...actions.map(([label, url]) => labelled(label, url, to.locale)), '', '--', footer]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n'),
    html: html(to.locale, subject, intro, details, actions, footer),
    ...(method
      ? {
          invite: {
            method,
            content: renderInvite(booking, {
              method,
              stamp: context.now,
              publicUrl: context.publicUrl,
              locale: to.locale,
              manageUrl: to.role === 'customer' ? context.manageUrl : undefined,
              forMember: to.role === 'member',
            }),
          },
        }
      : {}),
  };
}

interface Words {
  event: string;
  date: string;
  customer: string;
  hosts: string;
  people: string;
  previous: string;
}

function headline(kind: EmailKind, t: Translate, w: Words): [subject: string, intro: string] {
  switch (kind) {
    case 'confirmed':
      return [t('email.confirmed.subject', w.event, w.date), t('email.confirmed.intro', w.event, w.hosts)];
    case 'booked':
      return [t('email.booked.subject', w.event, w.customer, w.date), t('email.booked.intro', w.customer, w.event)];
    case 'requested':
      return [t('email.requested.subject', w.event, w.date), t('email.requested.intro', w.event)];
    case 'approvalNeeded':
      return [t('email.approvalNeeded.subject', w.event, w.customer, w.date), t('email.approvalNeeded.intro', w.customer, w.event)];
    case 'approved':
      return [t('email.approved.subject', w.event, w.date), t('email.approved.intro', w.event, w.hosts)];
    case 'declined':
      return [t('email.declined.subject', w.event, w.date), t('email.declined.intro', w.event)];
    case 'rescheduled':
      return [t('email.rescheduled.subject', w.event, w.date), t('email.rescheduled.intro', w.event, w.previous)];
    case 'cancelled':
      return [t('email.cancelled.subject', w.event, w.date), t('email.cancelled.intro', w.event)];
    case 'reassigned':
      return [t('email.reassigned.subject', w.event, w.date), t('email.reassigned.intro', w.event, w.hosts)];
    case 'assigned':
      return [t('email.assigned.subject', w.event, w.customer, w.date), t('email.assigned.intro', w.event, w.customer)];
    case 'unassigned':
      return [t('email.unassigned.subject', w.event, w.customer, w.date), t('email.unassigned.intro', w.event, w.customer)];
    case 'reminder':
      return [t('email.reminder.subject', w.event, w.date), t('email.reminder.intro', w.event, w.people)];
    case 'rescheduleRequested':
      return [t('email.rescheduleRequested.subject', w.event, w.date), t('email.rescheduleRequested.intro', w.event, w.hosts)];
    case 'meetingUpdated':
      return [t('email.meetingUpdated.subject', w.event, w.date), t('email.meetingUpdated.intro', w.event, w.people)];
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(locale: string, subject: string, intro: string, details: [string, string][], actions: [string, string][], footer: string): string {
  const rows = details
    .map(([label, value]) => `<tr><th align="left" valign="top" style="padding:4px 16px 4px 0;color:#555;font-weight:600">${escapeHtml(label)}</th><td style="padding:4px 0;white-space:pre-line">${escapeHtml(value)}</td></tr>`)
    .join('');
  const buttons = actions
    .map(([label, url]) => `<a href="${escapeHtml(url)}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;background:#2f5bea;color:#fff;text-decoration:none">${escapeHtml(label)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#fff;border-radius:8px">
<p style="font-size:16px;line-height:1.5">${escapeHtml(intro)}</p>
<table role="presentation" style="border-collapse:collapse;font-size:14px;line-height:1.4">${rows}</table>
${buttons ? `<p style="margin-top:20px">${buttons}</p>` : ''}
<p style="margin-top:24px;font-size:12px;color:#777">${escapeHtml(footer)}</p>
</div></body></html>
`;
}
