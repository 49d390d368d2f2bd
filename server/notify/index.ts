/** What the rest of the server uses from notifications. */
export { emailOf, enqueue, enqueueRescheduleRequest, type BookingChange, type OutboxPayload, type RescheduleRequest } from './enqueue.js';
export { customerInvite, memberCalendarEvent, memberEventText } from './invite.js';
export { isoText, mailBooking, type MailBooking } from './mail-booking.js';
export { startOutboxWorker, deliverDue, type DeliveryDeps, type OutboxWorkerOptions, type WebhookDirectory } from './worker.js';
export { createMailer, type Mailer } from './mailer.js';
export { enqueueMeetingCall, tellLocation, type MeetingHandler, type LocationNews } from './meeting-rows.js';
export { MEETING_WAIT_MS, type MeetingAction } from './meeting-call.js';
export type { Outcome } from './outbox.js';
export { enqueueCalendarSync, type CalendarHandler } from './calendar-rows.js';
export { enqueueCrmSync, type CrmHandler } from './crm-rows.js';
export { renderText, type TextHandler, type TextKind, type TextRow } from './text-message.js';
export { smsDelaysMs } from './retry-schedule.js';
export { translator } from './catalogue.js';
