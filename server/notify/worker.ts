/**
 * The one loop that delivers the outbox: claim what is due, deliver it, record the outcome,
 * sleep, repeat; and, beside it, the worker's heartbeat, which keeps its claims its own
 * (`outbox-workers.ts`). At-least-once: a row is marked sent only after its delivery succeeded,
 * so a crash in between sends it again (webhooks carry a stable `webhook-id`, emails a stable
 * Message-ID, for receivers to recognise the duplicate).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Webhook } from '../config/schema.js';
import type { Store } from '../store/connect.js';
import { emailOf, sentPayload, type OutboxPayload } from './enqueue.js';
import { createMailer, type Mailer } from './mailer.js';
import type { MeetingHandler } from './meeting-rows.js';
import type { CalendarHandler } from './calendar-rows.js';
import type { CrmHandler } from './crm-rows.js';
import { claimDue, settle, type Outcome, type OutboxRow } from './outbox.js';
import { beat, HEARTBEAT_MS, registerWorker, retireWorker } from './outbox-workers.js';
import { retryDelay } from './retry-schedule.js';
import { renderText, type TextHandler } from './text-message.js';
import { deliverWebhook, errorText } from './webhook.js';

/** Where the worker finds a webhook's current settings, and records a receiver's `410 Gone`. */
export interface WebhookDirectory {
  /** `unreadable`: why the webhook's secret did not open (`store/config-secrets.ts`); nothing is sent unsigned. */
  find(id: string): Promise<{ webhook: Webhook; disabled: boolean; unreadable?: string } | undefined>;
  disable(id: string): Promise<void>;
}

export interface DeliveryDeps {
  mailer: Mailer;
  webhooks: WebhookDirectory;
  log: Logger;
  /** Rows per claim. */
  batchSize?: number;
  /** How long a claim holds its rows; longer than a batch can take. */
  leaseMs?: number;
  /** The worker claiming, by its heartbeat row's id; without one, claims hold for the lease alone. */
  owner?: string;
  webhookTimeoutMs?: number;
  /** Makes, moves and removes bookings' video meetings; without one, meeting rows wait (and in the end fail). */
  meetings?: MeetingHandler;
  /** Writes bookings into members' own calendars; without one, calendar rows wait (and in the end fail). */
  calendars?: CalendarHandler;
  /** Sends texts by SMS; without one, text rows wait (and in the end fail). */
  texts?: TextHandler;
  /** Logs bookings in a CRM; without one, CRM rows wait (and in the end fail). */
  crm?: CrmHandler;
}

export interface BatchReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** Delivers one batch of due rows. */
export async function deliverDue(store: Store, now: number, deps: DeliveryDeps): Promise<BatchReport> {
  const batchSize = deps.batchSize ?? 20;
  const rows = await claimDue(store, now, { limit: batchSize, leaseMs: deps.leaseMs ?? 5 * 60_000, ...(deps.owner ? { owner: deps.owner } : {}) });
  const report: BatchReport = { claimed: rows.length, sent: 0, retrying: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const payload = JSON.parse(row.payload) as OutboxPayload;
      const outcome = await deliver(row, payload, now, deps);
      const status = await settle(store.db, row, now, outcome, sentPayload(payload));
      if (status === 'sent') report.sent++;
      else if (status === 'failed') report.failed++;
      else report.retrying++;
      const fields = { outbox: row.id, kind: row.kind, topic: row.topic, booking: row.booking_id, attempt: row.attempts + 1 };
      if (outcome.ok) deps.log.info(fields, 'outbox: delivered');
      else deps.log.warn({ ...fields, error: outcome.error, status }, 'outbox: delivery failed');
    }),
  );
  return report;
}

async function deliver(row: OutboxRow, payload: OutboxPayload, now: number, deps: DeliveryDeps): Promise<Outcome> {
  if (payload.kind === 'email') {
    try {
      await deps.mailer.send(row.id, emailOf(payload));
      return { ok: true };
    } catch (error) {
      return { ok: false, error: errorText(error) };
    }
  }
  const bookingId = row.booking_id!;
  if (payload.kind === 'meeting') return handOver(row, now, 'conferencing', deps.meetings && ((lastAttempt) => deps.meetings!({ bookingId, action: payload.action, lastAttempt, now })));
  if (payload.kind === 'calendar') return handOver(row, now, 'calendar', deps.calendars && ((lastAttempt) => deps.calendars!({ bookingId, lastAttempt, now })));
  if (payload.kind === 'crm') return handOver(row, now, 'CRM', deps.crm && ((lastAttempt) => deps.crm!({ bookingId, change: payload.change, lastAttempt, now })));
  if (payload.kind === 'sms') return handOver(row, now, 'SMS', deps.texts && ((lastAttempt) => deps.texts!({ bookingId, text: payload, body: renderText(payload), lastAttempt, now })));
  const webhook = await deps.webhooks.find(payload.webhookId);
  if (!webhook) return { ok: false, error: 'webhook removed from the config', final: true };
  if (webhook.disabled) return { ok: false, error: 'webhook disabled after 410 Gone', final: true };
  // Retried: the key may come back (a process restarted with KAIROS_SECRET_KEYS set right).
  if (webhook.unreadable !== undefined) return { ok: false, error: webhook.unreadable };
  const config = webhook.webhook;
  const result = await deliverWebhook({ url: config.url, secret: config.secret, id: row.id, body: payload.body, now, timeoutMs: deps.webhookTimeoutMs });
  if (result.ok) return result;
  if (result.gone) {
    await deps.webhooks.disable(payload.webhookId);
    deps.log.warn({ webhook: payload.webhookId, url: config.url }, 'outbox: webhook answered 410 Gone, disabled');
    return { ok: false, error: `${result.error}: webhook disabled`, final: true };
  }
  return result;
}

/**
 * A row the process's own handler carries out (a meeting, a calendar, a text, a CRM): without one, the
 * row waits (and in the end fails); the handler is told whether this is the row's last try, so it
 * can say in the activity that it gave up.
 */
async function handOver(row: OutboxRow, now: number, what: string, handler: ((lastAttempt: boolean) => Promise<Outcome>) | undefined): Promise<Outcome> {
  if (!handler) return { ok: false, error: `no ${what} handler in this process` };
  const lastAttempt = retryDelay(row.kind, row.attempts + 1, now - Date.parse(row.created_at)) === null;
  try {
    return await handler(lastAttempt);
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

export interface OutboxWorkerOptions {
  store: Store;
  webhooks: WebhookDirectory;
  smtpUrl?: string;
  outboxDir?: string;
  mailFrom: string;
  publicUrl: string;
  log: Logger;
  /** Pause between polls when the outbox has nothing due. */
  intervalMs?: number;
  /** The clock; the process edge passes the real one. */
  now?: () => number;
  meetings?: MeetingHandler;
  calendars?: CalendarHandler;
  texts?: TextHandler;
  crm?: CrmHandler;
}

export function startOutboxWorker(options: OutboxWorkerOptions): { stop(): Promise<void> } {
  const mailer = createMailer(options);
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 1_000;
  // Host and pid say which process a claim belongs to; the random part tells restarts apart.
  const owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const deps: DeliveryDeps = { mailer, webhooks: options.webhooks, log: options.log, owner, ...(options.meetings ? { meetings: options.meetings } : {}), ...(options.calendars ? { calendars: options.calendars } : {}), ...(options.texts ? { texts: options.texts } : {}), ...(options.crm ? { crm: options.crm } : {}) };
  const db = options.store.db;
  let stopping = false;
  let wake: (() => void) | undefined;

  // Beats on its own timer: the loop may spend a long while on one batch.
  let beating: Promise<void> | undefined;
  const heartbeat = setInterval(() => {
    beating ??= beat(db, owner, now())
      .catch((error: unknown) => options.log.error({ error: errorText(error) }, 'outbox: heartbeat failed'))
      .finally(() => (beating = undefined));
  }, HEARTBEAT_MS);

  const loop = (async () => {
    let registered = false;
    while (!stopping) {
      let full = false;
      try {
        // Alive before the first claim, or another worker would take that claim for orphaned.
        if (!registered) await registerWorker(db, owner, now());
        registered = true;
        const report = await deliverDue(options.store, now(), deps);
        full = report.claimed === (deps.batchSize ?? 20);
      } catch (error) {
        options.log.error({ error: errorText(error) }, 'outbox: batch failed');
      }
      // A full batch means more is due: go again at once instead of sleeping.
      if (full || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    /** Lets the batch in flight finish, gives up the worker's name, then closes the mail transport. */
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      clearInterval(heartbeat);
      await beating;
      await retireWorker(db, owner).catch((error: unknown) => options.log.error({ error: errorText(error) }, 'outbox: retiring the worker failed'));
      mailer.close();
    },
  };
}
