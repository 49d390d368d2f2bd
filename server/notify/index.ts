/** What the rest of the server uses from notifications. */
export { emailOf, enqueue, type BookingChange, type OutboxPayload } from './enqueue.js';
export { bookingInvite } from './invite.js';
export { startOutboxWorker, deliverDue, type DeliveryDeps, type OutboxWorkerOptions } from './worker.js';
export { createMailer, type Mailer } from './mailer.js';
