/**
 * Every text the server renders itself — the emails, the invites, and the page a sign-in link
 * lands on — in the source locale (en-US). `lit-localize extract` reads
 * the `msg()` calls here into `locales/*.xlf`; at runtime `catalogue.ts` renders them per
 * recipient without lit's global locale, because one process writes to many locales at once.
 * Each key is the message id it wraps: `catalogue.ts` checks that against the catalogues.
 */
import { msg, str } from '@lit/localize';

export const emailMessages = {
  // Customer: booked straight away.
  'email.confirmed.subject': (event: string, date: string) =>
    msg(str`Confirmed: ${event} on ${date}`, { id: 'email.confirmed.subject' }),
  'email.confirmed.intro': (event: string, hosts: string) =>
    msg(str`Your ${event} with ${hosts} is booked. The calendar invite is attached.`, { id: 'email.confirmed.intro' }),
  // Member: someone booked them.
  'email.booked.subject': (event: string, customer: string, date: string) =>
    msg(str`New booking: ${event} with ${customer} on ${date}`, { id: 'email.booked.subject' }),
  'email.booked.intro': (customer: string, event: string) =>
    msg(str`${customer} booked ${event} with you. The calendar invite is attached.`, { id: 'email.booked.intro' }),
  // Customer: the event type requires approval.
  'email.requested.subject': (event: string, date: string) =>
    msg(str`Request received: ${event} on ${date}`, { id: 'email.requested.subject' }),
  'email.requested.intro': (event: string) =>
    msg(str`We received your request for ${event}. You will get another email as soon as it is approved.`, {
      id: 'email.requested.intro',
    }),
  // Member: a request waits for them.
  'email.approvalNeeded.subject': (event: string, customer: string, date: string) =>
    msg(str`Approval needed: ${event} with ${customer} on ${date}`, { id: 'email.approvalNeeded.subject' }),
  'email.approvalNeeded.intro': (customer: string, event: string) =>
    msg(str`${customer} requested ${event} with you. Approve or decline the request with the link below.`, {
      id: 'email.approvalNeeded.intro',
    }),
  // A guest the customer added: invited along, once the booking stands.
  'email.guestInvited.intro': (customer: string, event: string, hosts: string) =>
    msg(str`${customer} invited you to ${event} with ${hosts}. The calendar invite is attached.`, { id: 'email.guestInvited.intro' }),
  'email.approved.subject': (event: string, date: string) =>
    msg(str`Approved: ${event} on ${date}`, { id: 'email.approved.subject' }),
  'email.approved.intro': (event: string, hosts: string) =>
    msg(str`Good news: your ${event} with ${hosts} is confirmed. The calendar invite is attached.`, {
      id: 'email.approved.intro',
    }),
  'email.declined.subject': (event: string, date: string) =>
    msg(str`Declined: ${event} on ${date}`, { id: 'email.declined.subject' }),
  'email.declined.intro': (event: string) =>
    msg(str`Sorry, your request for ${event} could not be accepted.`, { id: 'email.declined.intro' }),
  'email.rescheduled.subject': (event: string, date: string) =>
    msg(str`Rescheduled: ${event} is now on ${date}`, { id: 'email.rescheduled.subject' }),
  'email.rescheduled.intro': (event: string, previous: string) =>
    msg(str`${event}, planned for ${previous}, has moved to the new time below. The calendar invite is updated.`, {
      id: 'email.rescheduled.intro',
    }),
  'email.cancelled.subject': (event: string, date: string) =>
    msg(str`Canceled: ${event} on ${date}`, { id: 'email.cancelled.subject' }),
  'email.cancelled.intro': (event: string) =>
    msg(str`${event} has been canceled and removed from the calendar.`, { id: 'email.cancelled.intro' }),
  // Customer: same time, different host.
  'email.reassigned.subject': (event: string, date: string) =>
    msg(str`Host changed: ${event} on ${date}`, { id: 'email.reassigned.subject' }),
  'email.reassigned.intro': (event: string, hosts: string) =>
    msg(str`Your ${event} is now with ${hosts}. The time stays the same.`, { id: 'email.reassigned.intro' }),
  // Member who receives a booking from someone else.
  'email.assigned.subject': (event: string, customer: string, date: string) =>
    msg(str`Assigned to you: ${event} with ${customer} on ${date}`, { id: 'email.assigned.subject' }),
  'email.assigned.intro': (event: string, customer: string) =>
    msg(str`${event} with ${customer} has been reassigned to you. The calendar invite is attached.`, {
      id: 'email.assigned.intro',
    }),
  // Member whose booking went to someone else.
  'email.unassigned.subject': (event: string, customer: string, date: string) =>
    msg(str`Reassigned: ${event} with ${customer} on ${date}`, { id: 'email.unassigned.subject' }),
  'email.unassigned.intro': (event: string, customer: string) =>
    msg(str`${event} with ${customer} has been given to someone else and removed from your calendar.`, {
      id: 'email.unassigned.intro',
    }),
  // Customer: a member or admin asks them to choose another time; the booking stays until they do.
  'email.rescheduleRequested.subject': (event: string, date: string) =>
    msg(str`Please choose a new time: ${event} on ${date}`, { id: 'email.rescheduleRequested.subject' }),
  'email.rescheduleRequested.intro': (event: string, hosts: string) =>
    msg(str`We would like to move your ${event} with ${hosts}. Please choose a new time with the link below; until then, it stays booked as it is.`, {
      id: 'email.rescheduleRequested.intro',
    }),
  // Everyone already told where to meet: the meeting's link came, or the booking moved to its fallback place.
  'email.meetingUpdated.subject': (event: string, date: string) =>
    msg(str`Where to meet: ${event} on ${date}`, { id: 'email.meetingUpdated.subject' }),
  'email.meetingUpdated.intro': (event: string, people: string) =>
    msg(str`Here is where your ${event} with ${people} takes place. The updated calendar invite is attached.`, { id: 'email.meetingUpdated.intro' }),
  'email.reminder.subject': (event: string, date: string) =>
    msg(str`Reminder: ${event} on ${date}`, { id: 'email.reminder.subject' }),
  'email.reminder.intro': (event: string, people: string) =>
    msg(str`A reminder of your ${event} with ${people}.`, { id: 'email.reminder.intro' }),

  'email.label.when': () => msg('When', { id: 'email.label.when' }),
  // A multi-session booking lists every session under one label.
  'email.label.sessions': (count: string) => msg(str`Sessions (${count})`, { id: 'email.label.sessions' }),
  'email.label.where': () => msg('Where', { id: 'email.label.where' }),
  'email.label.with': () => msg('With', { id: 'email.label.with' }),
  'email.label.previously': () => msg('Previously', { id: 'email.label.previously' }),
  'email.label.reason': () => msg('Reason', { id: 'email.label.reason' }),
  'email.label.phone': () => msg('Phone', { id: 'email.label.phone' }),
  'email.label.email': () => msg('Email', { id: 'email.label.email' }),
  'email.label.guests': () => msg('Guests', { id: 'email.label.guests' }),
  // Member: the booking's id, as the team console finds it.
  'email.label.booking': () => msg('Booking', { id: 'email.label.booking' }),
  'email.label.message': () => msg('Message', { id: 'email.label.message' }),
  'email.location.video': () => msg('Video call', { id: 'email.location.video' }),
  'email.location.videoLinkFollows': () => msg('Video call (the link follows by email)', { id: 'email.location.videoLinkFollows' }),
  'email.location.phone': () => msg('Phone call', { id: 'email.location.phone' }),
  'email.location.inPerson': () => msg('In person', { id: 'email.location.inPerson' }),
  // A member's own calendar event of a booking whose customer was erased (GDPR): nobody named.
  'email.memberEvent.customerErased': (event: string) =>
    msg(str`${event} (customer erased)`, { id: 'email.memberEvent.customerErased' }),
  // A CRM record of a meeting that will not take place (a Salesforce Event's subject starts with it).
  'email.memberEvent.cancelledMark': () => msg('Canceled', { id: 'email.memberEvent.cancelledMark' }),
  'email.memberEvent.noShowMark': () => msg('No-show', { id: 'email.memberEvent.noShowMark' }),
  'email.action.join': () => msg('Join the call', { id: 'email.action.join' }),
  'email.action.manage': () => msg('Reschedule or cancel', { id: 'email.action.manage' }),
  'email.action.chooseTime': () => msg('Choose a new time', { id: 'email.action.chooseTime' }),
  // Member: the request in the team console, where they approve or decline it.
  'email.action.openRequest': () => msg('Open the request', { id: 'email.action.openRequest' }),
  'email.yes': () => msg('Yes', { id: 'email.yes' }),
  'email.no': () => msg('No', { id: 'email.no' }),
  'email.footer': (site: string) =>
    msg(str`You receive this email because of a booking made through ${site}.`, { id: 'email.footer' }),
  // The invite's description, read in calendar apps.
  'email.invite.manage': (url: string) => msg(str`Reschedule or cancel: ${url}`, { id: 'email.invite.manage' }),
  'email.invite.join': (url: string) => msg(str`Join: ${url}`, { id: 'email.invite.join' }),
  // A person's one-time link to the team console (`sign-in-email.ts`).
  'email.signIn.subject': (site: string) => msg(str`Sign in to ${site}`, { id: 'email.signIn.subject' }),
  'email.signIn.intro': () =>
    msg('Here is your link to sign in to the team console. It works once, within 15 minutes.', { id: 'email.signIn.intro' }),
  'email.signIn.invited': (site: string) =>
    msg(str`You are invited to the team console of ${site}. This link signs you in once, within 15 minutes.`, { id: 'email.signIn.invited' }),
  'email.signIn.action': () => msg('Sign in', { id: 'email.signIn.action' }),
  'email.signIn.footer': () =>
    msg('If you did not ask for this, ignore this email: nobody can sign in without the link.', { id: 'email.signIn.footer' }),
  // Texts by SMS to the customer (`text-message.ts`): plain text, kept short (one SMS is 160 GSM characters, the manage link included where it fits).
  'sms.confirmed': (event: string, date: string) => msg(str`${event} on ${date} is confirmed.`, { id: 'sms.confirmed' }),
  'sms.rescheduled': (event: string, date: string) => msg(str`${event} has moved to ${date}.`, { id: 'sms.rescheduled' }),
  'sms.cancelled': (event: string, date: string) => msg(str`${event} on ${date} is canceled.`, { id: 'sms.cancelled' }),
  'sms.reminder': (event: string, date: string) => msg(str`Reminder: ${event} on ${date}.`, { id: 'sms.reminder' }),
  'sms.manage': (url: string) => msg(str`Change or cancel: ${url}`, { id: 'sms.manage' }),
  // The page a sign-in link lands on (`api/sign-in-page.ts`).
  'signInPage.title': () => msg('Sign in', { id: 'signInPage.title' }),
  'signInPage.newAdmin': () =>
    msg('This link makes you an admin. Your email is where your next sign-in links will go.', { id: 'signInPage.newAdmin' }),
  'signInPage.email': () => msg('Your email', { id: 'signInPage.email' }),
  'signInPage.expired.heading': () => msg('This link no longer works', { id: 'signInPage.expired.heading' }),
  'signInPage.expired.body': () => msg('Sign-in links work once, within 15 minutes.', { id: 'signInPage.expired.body' }),
  'signInPage.expired.again': () => msg('Ask for a new link', { id: 'signInPage.expired.again' }),
  'signInPage.badEmail.heading': () => msg('That did not work', { id: 'signInPage.badEmail.heading' }),
  'signInPage.badEmail.body': () => msg('That does not look like an email address. Go back and try again.', { id: 'signInPage.badEmail.body' }),
  // The <title> of the server's own pages that embed the widget (`site/embed-pages.ts`).
  'embedPage.manage': () => msg('Your booking', { id: 'embedPage.manage' }),
  'embedPage.book': () => msg('Book a meeting', { id: 'embedPage.book' }),
} satisfies Record<`email.${string}` | `sms.${string}` | `signInPage.${string}` | `embedPage.${string}`, (...values: string[]) => string>;

export type EmailMessageId = keyof typeof emailMessages;
