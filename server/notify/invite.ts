/**
 * Calendar invites (iTIP, RFC 5546): `METHOD:REQUEST` while the booking stands, `METHOD:CANCEL`
 * once it is cancelled or declined. The UID is the booking's and never changes, so calendars
 * update the same event; SEQUENCE tells them which version is newest.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { BookingStatus } from '../store/database.js';
import type { MailBooking } from './mail-booking.js';
import { translator } from './catalogue.js';
import { pickText } from '../config/localized-text.js';
import { labelled } from './labelled.js';

export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteOptions {
  method: InviteMethod;
  /** DTSTAMP: when this version of the invite was made. */
  stamp: string;
  publicUrl: string;
  /** Locale of the reader, for the summary and description. */
  locale: string;
  /** Only the customer's copy carries their manage link. */
  manageUrl?: string;
  /** Members' copies name the customer in the summary and list the answers. */
  forMember?: boolean;
  /**
   * The event as stored in a member's own calendar (write-back), not sent: no METHOD (RFC 4791
   * §4.1), and no organizer or attendees, so a calendar server that schedules (RFC 6638) sends
   * nobody a second invite of its own.
   */
  stored?: boolean;
}

export function inviteMethodFor(status: BookingStatus): InviteMethod {
  return status === 'cancelled' || status === 'declined' ? 'CANCEL' : 'REQUEST';
}

export function renderInvite(booking: MailBooking, options: InviteOptions): string {
  const t = translator(options.locale);
  const title = pickText(booking.eventType.title, options.locale);
  const cancelled = options.method === 'CANCEL';
  const organizer = booking.members[0] ?? { name: 'Kairos', email: `noreply@${new URL(options.publicUrl).hostname}` };
  const description: string[] = [];
  const where = locationText(booking, t, options.locale);
  if (booking.location.joinUrl) description.push(t('email.invite.join', booking.location.joinUrl));
  if (options.forMember) {
    if (booking.customer.phone) description.push(labelled(t('email.label.phone'), booking.customer.phone, options.locale));
    for (const [field, answer] of Object.entries(booking.answers)) {
      description.push(labelled(fieldLabel(booking, field, options.locale), answerText(booking, field, answer, options.locale, t), options.locale));
    }
  }
  if (booking.reason) description.push(labelled(t('email.label.reason'), booking.reason, options.locale));
  if (options.manageUrl && !cancelled) description.push(t('email.invite.manage', options.manageUrl));

  const calendar = ical({
    prodId: { company: 'Kairos', product: 'Kairos booking', language: 'EN' },
    ...(options.stored ? {} : { method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST }),
  });
  // A multi-session booking: one event per session, each with its own UID, in one calendar.
  for (const session of booking.sessions ?? [booking]) calendar.createEvent({
    id: session.uid,
    // The store raises the sequence on every change that sends a CANCEL (cancel, decline, a
    // member leaving), so it already outranks every REQUEST sent before (RFC 5546 §2.1.4).
    sequence: session.sequence,
    stamp: new Date(options.stamp),
    start: new Date(session.start),
    end: new Date(session.end),
    summary: options.forMember ? memberSummary(booking, title, t) : title,
    description: description.join('\n') || null,
    location: where || null,
    url: booking.location.joinUrl ?? null,
    status: cancelled ? ICalEventStatus.CANCELLED : session.status === 'pending' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: options.stored ? null : { name: parameterText(organizer.name), email: organizer.email },
    attendees: options.stored ? [] : [
      { name: parameterText(booking.customer.name), email: booking.customer.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED },
      ...booking.members.map((m) => ({ name: parameterText(m.name), email: m.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.ACCEPTED })),
      // Guests are invited: their calendars answer for them.
      ...(booking.guests ?? []).map((email) => ({ email, role: ICalAttendeeRole.OPT, status: ICalAttendeeStatus.NEEDSACTION, rsvp: true })),
    ],
  });
  return calendar.toString();
}

/** The customer's current copy of the invite (`GET /api/v1/bookings/{id}/invite.ics`), stamped with the booking's last change. */
export function customerInvite(booking: MailBooking, updatedAt: string, publicUrl: string): string {
  return renderInvite(booking, { method: inviteMethodFor(booking.status), stamp: updatedAt, publicUrl, locale: booking.locale });
}

/** The booking as an event in a member's own calendar, in their language, with what members' copies say. */
export function memberCalendarEvent(booking: MailBooking, stamp: string, publicUrl: string, locale: string): string {
  return renderInvite(booking, { method: 'REQUEST', stamp, publicUrl, locale, forMember: true, stored: true });
}

/** What a member's calendar event says, for calendars written through a JSON API (Google, Microsoft 365). */
export function memberEventText(booking: MailBooking, locale: string): { summary: string; description: string; location: string } {
  const t = translator(locale);
  const description: string[] = [];
  if (booking.location.joinUrl) description.push(t('email.invite.join', booking.location.joinUrl));
  if (booking.customer.phone) description.push(labelled(t('email.label.phone'), booking.customer.phone, locale));
  for (const [field, answer] of Object.entries(booking.answers)) description.push(labelled(fieldLabel(booking, field, locale), answerText(booking, field, answer, locale, t), locale));
  return { summary: memberSummary(booking, pickText(booking.eventType.title, locale), t), description: description.join('\n'), location: locationText(booking, t, locale) };
}

/**
 * What members' copies call the meeting: the event and the customer's name; once the customer is
 * erased (their email is then empty: `store/customer-data.ts`), the event and that they were.
 */
function memberSummary(booking: MailBooking, title: string, t: T): string {
  return booking.customer.email === '' ? t('email.memberEvent.customerErased', title) : `${title} – ${booking.customer.name}`;
}

/**
 * A name inside `CN="…"`: parameter values cannot hold a double quote or a line break (RFC 5545
 * §3.1), and ical-generator backslash-escapes them, which calendars show literally. RFC 6868's
 * caret encoding is the standard way, and calendar parsers (ical.js among them) decode it.
 */
function parameterText(text: string): string {
  return text.replace(/\^/g, '^^').replace(/"/g, "^'").replace(/\r?\n/g, '^n');
}

type T = ReturnType<typeof translator>;

export function locationText(booking: MailBooking, t: T, locale: string): string {
  const { location } = booking;
  if (location.type === 'video') {
    if (location.joinUrl) return labelled(t('email.location.video'), location.joinUrl, locale);
    return location.joinUrlPending ? t('email.location.videoLinkFollows') : t('email.location.video');
  }
  if (location.type === 'phone') return location.number ? labelled(t('email.location.phone'), location.number, locale) : t('email.location.phone');
  return location.address ? location.address : t('email.location.inPerson');
}

export function fieldLabel(booking: MailBooking, field: string, locale: string): string {
  const definition = booking.eventType.fields.find((f) => f.id === field);
  return definition ? pickText(definition.label, locale) : field;
}

/** An answer as the recipient reads it: yes/no in their language, a select's option by its label. */
export function answerText(booking: MailBooking, field: string, answer: string | boolean, locale: string, t: T): string {
  if (answer === true) return t('email.yes');
  if (answer === false) return t('email.no');
  const option = booking.eventType.fields.find((f) => f.id === field)?.options?.find((o) => o.value === answer);
  return option ? pickText(option.label, locale) : answer;
}
