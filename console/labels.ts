/** The words for what the API names by code: activity types, statuses, actors, email templates. */
import { msg } from '@lit/localize';
import type { Directory } from './directory.js';

export function typeLabel(type: string): string {
  const labels: Record<string, string> = {
    created: msg('Booked'),
    requested: msg('Requested'),
    approved: msg('Approved'),
    declined: msg('Declined'),
    cancelled: msg('Cancelled'),
    rescheduled: msg('Rescheduled'),
    reassigned: msg('Reassigned'),
    no_show: msg('No-show'),
    notification_sent: msg('Email sent'),
    notification_failed: msg('Email not delivered'),
    webhook_failed: msg('Webhook not delivered'),
    reschedule_requested: msg('New time asked for'),
    schedule_changed: msg('Hours changed'),
    customer_exported: msg('Customer data exported'),
    customer_erased: msg('Customer data erased'),
    retention_changed: msg('Retention changed'),
    meeting_created: msg('Video meeting made'),
    meeting_updated: msg('Video meeting moved'),
    meeting_removed: msg('Video meeting removed'),
    meeting_fallback: msg('Video meeting not made: fallback location'),
    meeting_update_failed: msg('Video meeting not moved'),
    meeting_remove_failed: msg('Video meeting not removed'),
    calendar_write_failed: msg('Not written into the member’s calendar'),
    sms_sent: msg('SMS sent'),
    sms_failed: msg('SMS failed'),
    sms_skipped: msg('No SMS: phone number not usable'),
    crm_logged: msg('Logged in the CRM'),
    crm_sync_failed: msg('Not logged in the CRM'),
  };
  return labels[type] ?? type;
}

export function statusLabel(status: string): string {
  const labels: Record<string, string> = {
    pending: msg('Awaiting approval'),
    confirmed: msg('Confirmed'),
    cancelled: msg('Cancelled'),
    declined: msg('Declined'),
    completed: msg('Completed'),
    no_show: msg('No-show'),
  };
  return labels[status] ?? status;
}

export function actorLabel(actor: string, directory: Directory): string {
  if (actor === 'customer') return msg('Customer');
  if (actor === 'admin') return msg('Admin');
  if (actor === 'system') return msg('Kairos');
  const member = actor.startsWith('member:') ? actor.slice('member:'.length) : actor;
  return directory.memberName(member);
}

export function recipientLabel(recipient: string | null): string {
  return recipient === 'customer' ? msg('to the customer') : recipient === 'guest' ? msg('to a guest') : recipient === 'member' ? msg('to the team') : '';
}

/** Which email it was (the outbox's template names). */
export function templateLabel(template: string | undefined): string {
  const labels: Record<string, string> = {
    confirmed: msg('Confirmation'),
    booked: msg('New booking'),
    requested: msg('Request received'),
    approvalNeeded: msg('Approval needed'),
    approved: msg('Approval'),
    declined: msg('Decline'),
    rescheduled: msg('New time'),
    cancelled: msg('Cancellation'),
    reassigned: msg('Handover'),
    assigned: msg('New meeting assigned'),
    unassigned: msg('Meeting handed over'),
    reminder: msg('Reminder'),
    rescheduleRequested: msg('Request to pick a new time'),
  };
  return template ? (labels[template] ?? template) : '';
}
