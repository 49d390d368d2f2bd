/** A CRM row's payload (`crm-rows.ts`), apart so the outbox's payload type can name it. */
export interface CrmSync {
  kind: 'crm';
  /** The change that queued it, without `booking.`: `created`, `rescheduled`, `cancelled`, … */
  change: string;
}
