/**
 * better-sqlite3 compiles SQL on every `prepare`, and kysely prepares every query it runs. The
 * server repeats a few dozen query texts, so keeping the most recently used statements by their
 * text spares that compilation. Reuse is safe: kysely runs one query at a time on its single
 * connection and reads each result whole, and SQLite re-prepares a statement by itself when the
 * schema changes under it.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every query text the server runs, including `in (…)` lists of varying length. */
const CAPACITY = 500;

export function cachingStatements(database: SqliteDatabase, capacity = CAPACITY): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) {
        // Map order is insertion order: move it to the back, so the front is the least recently used.
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
