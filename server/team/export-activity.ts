/**
 * The activity stream as a whole (docs/http-api.md, CSV export): every entry the caller may see
 * that the filters let through, newest first, read page by page, up to `EXPORT_CAP` entries.
 */
import type { Actor } from '../store/activity.js';
import type { ActivityEntry } from '../store/activity-stream.js';
import type { ActivityFilterQuery } from '../../shared/api-schemas.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { listActivity } from './list-activity.js';

/** Bounds one export's memory and time; a bigger one narrows its filters (`truncated` says so). */
export const EXPORT_CAP = 10_000;
const PAGE = 500;

export async function exportActivity(
  deps: Pick<BookingDeps, 'store'>,
  req: { actor: Actor; query: ActivityFilterQuery; now: number; cap?: number },
): Promise<{ entries: ActivityEntry[]; truncated: boolean }> {
  const cap = req.cap ?? EXPORT_CAP;
  const entries: ActivityEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listActivity(deps, {
      actor: req.actor,
      query: { ...req.query, limit: Math.min(PAGE, cap + 1 - entries.length), ...(cursor === undefined ? {} : { cursor }) },
      now: req.now,
    });
    entries.push(...page.items);
    if (entries.length > cap) return { entries: entries.slice(0, cap), truncated: true };
    if (page.nextCursor === null) return { entries, truncated: false };
    cursor = page.nextCursor;
  }
}
