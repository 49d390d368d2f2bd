/**
 * Saved activity filters: each person (the actor, `admin` or `member:<id>`) keeps their own named
 * queries. Another person's filter is `not_found`, as if it did not exist: ids tell nothing about
 * what others saved.
 */
import type { Actor } from '../store/activity.js';
import { deleteSavedFilter, insertSavedFilter, readSavedFilters, type SavedFilter } from '../store/saved-filter-rows.js';
import type { ActivityFilterQuery } from '../../shared/api-schemas.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { Refusal } from '../booking/refusal.js';

type Deps = Pick<BookingDeps, 'store'>;

export function listSavedFilters(deps: Deps, actor: Actor): Promise<SavedFilter[]> {
  return readSavedFilters(deps.store.db, actor);
}

export function saveFilter(deps: Deps, req: { actor: Actor; name: string; query: ActivityFilterQuery; now: number }): Promise<SavedFilter> {
  return insertSavedFilter(deps.store.db, req.actor, { name: req.name, query: req.query }, req.now);
}

export async function forgetFilter(deps: Deps, req: { actor: Actor; id: string }): Promise<void> {
  if (!(await deleteSavedFilter(deps.store.db, req.actor, req.id))) throw new Refusal('not_found', 'no such saved filter');
}
