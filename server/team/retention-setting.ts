/**
 * The retention setting (docs/http-api.md#retention): customers' personal data is erased this
 * many days after their meeting ended (`apply-retention.ts`), or kept (null). One value for the
 * team, in `settings`, so every process running the job reads the same.
 */
import type { BookingDeps } from '../booking/booking-deps.js';
import { recordActivity, type Actor } from '../store/activity.js';
import type { Store } from '../store/connect.js';
import { clearSetting, readSetting, writeSetting } from '../store/settings.js';
import { writeTransaction } from '../store/transaction.js';

const KEY = 'retention_days';

/** The days set, or null to keep everything. A value that is not a positive whole number (written by hand) keeps everything too: erasing is what cannot be undone. */
export async function retentionDays(store: Store): Promise<number | null> {
  const days = Number(await readSetting(store.db, KEY));
  return Number.isInteger(days) && days > 0 ? days : null;
}

/** Sets it, recorded as `retention_changed` by its actor; the routes have checked the range. */
export async function setRetention(deps: BookingDeps, req: { days: number | null; actor: Actor; now: number }): Promise<number | null> {
  await writeTransaction(deps.store, [], async (trx) => {
    if (req.days === null) await clearSetting(trx, KEY);
    else await writeSetting(trx, KEY, String(req.days));
    await recordActivity(trx, { bookingId: null, type: 'retention_changed', actor: req.actor, now: req.now, data: { days: req.days } });
  });
  return req.days;
}
