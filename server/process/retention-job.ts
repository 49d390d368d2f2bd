/**
 * Runs retention (`team/apply-retention.ts`) and clears expired holds (`store/holds.ts`) in the
 * process: once at start, then every hour, with the process's clock. Every process sharing the database runs it; their runs share the
 * work instead of repeating it. Stopping waits for the batch in hand and starts no other.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/connect.js';
import { deleteExpiredHolds } from '../store/holds.js';
import { applyRetention } from '../team/apply-retention.js';

export const RETENTION_INTERVAL_MS = 60 * 60_000;

export function startRetentionJob(options: { store: Store; now: () => number; log: Logger; intervalMs?: number }): { stop(): Promise<void> } {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const run = () => {
    const now = options.now();
    // A run still going when the next is due (a first run over years of bookings) is left to finish.
    // Expired holds are nothing already; their rows go here, off every request's path.
    running ??= deleteExpiredHolds(options.store.db, now)
      .then(() => applyRetention({ store: options.store }, { now, signal: stopping.signal }))
      .then(
        (done) => {
          if (done.bookings.length > 0) options.log.info({ erased: done.bookings.length, retentionDays: done.days }, 'retention: customer data erased');
        },
        (error: unknown) => options.log.error({ err: error }, 'retention: run failed'),
      )
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? RETENTION_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
