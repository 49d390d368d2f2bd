/** Looking through a whole store for what an erasure must have left nowhere. */
import { sql } from 'kysely';
import type { Store } from '../../../server/store/connect.js';

/**
 * Every `table.column` whose text holds one of `needles` (without case), over every table of the
 * store, whatever its columns: a table added later is searched too.
 */
export async function needlesIn(store: Store, needles: string[]): Promise<string[]> {
  const tables =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(store.db);
  const lowered = needles.map((n) => n.toLowerCase());
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(store.db);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        const text = value.toLowerCase();
        const hit = lowered.find((n) => text.includes(n));
        if (hit) found.push(`${name}.${column}: ${hit}`);
      }
    }
  }
  return found;
}
