/**
 * The activity stream (docs/http-api.md): what happened to bookings, newest first, a page at a
 * time. A member sees only the bookings they are assigned to; a view, the filters and the search
 * narrow that further, and all of them must hold at once.
 */
import { dateOfDayNumber, localDayOf, zonedDayRange } from '../engine/zoned-time.js';
import { actingMember, type Actor } from '../store/activity.js';
import { readActivity, type ActivityEntry, type ActivityFilter } from '../store/activity-stream.js';
import { searchTerms } from '../store/booking-search.js';
import type { BookingStatus } from '../store/database.js';
import type { ActivityQuery } from '../../shared/api-schemas.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { decodeCursor, encodeCursor } from './activity-cursor.js';

/** The statuses of a booking that still holds its time. */
const holding: readonly BookingStatus[] = ['pending', 'confirmed'];

export async function listActivity(
  deps: Pick<BookingDeps, 'store'>,
  req: { actor: Actor; query: ActivityQuery; now: number },
): Promise<{ items: ActivityEntry[]; nextCursor: string | null }> {
  const { query, now } = req;
  const filter = narrowing(query, now);
  const olderThan = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (filter.statuses?.length === 0) return { items: [], nextCursor: null };
  const assignedTo = actingMember(req.actor);
  // One more than asked: whether it comes tells if there is a next page.
  const rows = await readActivity(deps.store.db, deps.store.dialect, {
    ...filter,
    ...(assignedTo !== undefined ? { assignedTo } : {}),
    ...(olderThan ? { olderThan } : {}),
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** The query's filters and view as conditions on the booking: where two bound the same thing, the narrower holds. */
function narrowing(query: ActivityQuery, now: number): Omit<ActivityFilter, 'limit'> {
  const zone = query.timezone ?? 'UTC';
  const filter: Omit<ActivityFilter, 'limit'> = {};
  let statuses: readonly BookingStatus[] | undefined = query.status === undefined ? undefined : [query.status];
  const within = (allowed: readonly BookingStatus[]) => (statuses = (statuses ?? allowed).filter((s) => allowed.includes(s)));
  const startFrom: number[] = [];
  const startBefore: number[] = [];
  if (query.from !== undefined || query.to !== undefined) {
    const days = zonedDayRange(query.from ?? query.to!, query.to ?? query.from!, zone);
    if (query.from !== undefined) startFrom.push(days.start);
    if (query.to !== undefined) startBefore.push(days.end);
  }
  if (query.view === 'today') {
    const today = dateOfDayNumber(localDayOf(zone, now));
    const day = zonedDayRange(today, today, zone);
    startFrom.push(day.start);
    startBefore.push(day.end);
  }
  if (query.view === 'upcoming') {
    within(holding);
    filter.startAfter = now;
  }
  if (query.view === 'requests') within(['pending']);
  if (statuses) filter.statuses = statuses;
  if (startFrom.length) filter.startFrom = Math.max(...startFrom);
  if (startBefore.length) filter.startBefore = Math.min(...startBefore);
  if (query.member !== undefined) filter.member = query.member;
  if (query.pool !== undefined) filter.pool = query.pool;
  if (query.page !== undefined) filter.page = query.page;
  if (query.event !== undefined) filter.eventType = query.event;
  if (query.q !== undefined && query.q.trim() !== '') filter.search = { id: query.q.trim(), terms: searchTerms(query.q) };
  return filter;
}
