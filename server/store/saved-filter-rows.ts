/** The `saved_filters` table: each person's named activity queries, kept as JSON. */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { newId, toStored } from './identifiers.js';

export interface SavedFilter {
  id: string;
  name: string;
  query: Record<string, unknown>;
}

const fromRow = (row: { id: string; name: string; query: string }): SavedFilter => ({ id: row.id, name: row.name, query: JSON.parse(row.query) as Record<string, unknown> });

/** The owner's filters, oldest first. */
export async function readSavedFilters(db: Kysely<Database>, owner: string): Promise<SavedFilter[]> {
  const rows = await db.selectFrom('saved_filters').select(['id', 'name', 'query']).where('owner', '=', owner).orderBy('created_at').orderBy('id').execute();
  return rows.map(fromRow);
}

export async function insertSavedFilter(db: Kysely<Database>, owner: string, filter: Omit<SavedFilter, 'id'>, now: number): Promise<SavedFilter> {
  const row = { id: newId(), owner, name: filter.name, query: JSON.stringify(filter.query), created_at: toStored(now) };
  await db.insertInto('saved_filters').values(row).execute();
  return fromRow(row);
}

/** Deletes the filter if `owner` owns it; false when there was none of theirs by that id. */
export async function deleteSavedFilter(db: Kysely<Database>, owner: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('saved_filters').where('id', '=', id).where('owner', '=', owner).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
