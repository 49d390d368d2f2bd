/**
 * The outbox's part in logging bookings in a CRM (`booking/log-to-crm.ts` does the logging): one
 * row per booking change that concerns the CRM. The row says which booking and what happened to
 * it; its handler brings the CRM's meeting in line with the booking as it is when the row runs,
 * so rows run late, twice or out of order still end with one meeting, and the right one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { outboxRow } from './enqueue.js';
import { isoText } from './mail-booking.js';
import type { CrmSync } from './crm-sync.js';
import type { Outcome } from './outbox.js';

/**
 * What the worker asks of whoever talks to CRMs (the process wires it: notify knows no CRM).
 * `lastAttempt`: the outbox will not try this row again after a failure now.
 */
export type CrmHandler = (call: { bookingId: string; change: CrmSync['change']; lastAttempt: boolean; now: number }) => Promise<Outcome>;

export async function enqueueCrmSync(trx: Kysely<Database>, bookingId: string, change: CrmSync['change'], now: number): Promise<void> {
  const sync: CrmSync = { kind: 'crm', change };
  await trx.insertInto('outbox').values(outboxRow(bookingId, sync, `crm.${change}`, isoText(now), isoText(now))).execute();
}
