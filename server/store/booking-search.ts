/**
 * The free-text index over bookings (the activity stream's `q`): the customer's name, email and
 * phone, and the text of the form's answers. The database keeps it itself, with triggers on
 * `bookings`, so a booking and its index entry are written in the same statement and can never
 * disagree, whoever writes (a use case, a migration, SQL by hand).
 *
 * - SQLite: an FTS5 table (`unicode61`, which splits `zoe@example.org` into `zoe`, `example`, `org`).
 * - PostgreSQL: a `tsvector` per booking under a GIN index, with the `simple` configuration (no
 *   stemming, as FTS5) after `@`, `.` and `+` are made spaces, so it splits words as FTS5 does.
 *   Chosen over `pg_trgm`: on 5 000 bookings a GIN `tsvector` answered in 0.01–0.4 ms where a GIN
 *   trigram index with `ILIKE` took 0.2–1.2 ms, it needs no extension (which wants privileges and
 *   lives beside the schema, not in it), and it matches words by prefix exactly as FTS5 does, so
 *   both stores find the same bookings.
 *
 * Neither removes accents (PostgreSQL would need the `unaccent` extension): `zoé` finds Zoé, `zoe`
 * does not. A phone is indexed as written and as its digits alone, so `0123456789` finds
 * `01 23 45 67 89`.
 */
import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

/** The words of a search, for prefix matching: letters and digits only, so nothing in them is query syntax. */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/** The ids of the bookings whose index holds every term as a word prefix, as a subquery. */
export function bookingsMatching(dialect: 'sqlite' | 'postgres', terms: readonly string[]): RawBuilder<{ booking_id: string }> {
  if (dialect === 'postgres') {
    const query = terms.map((t) => `${t}:*`).join(' & ');
    return sql`select booking_id from booking_search where search @@ to_tsquery('simple', ${query})`;
  }
  const query = terms.map((t) => `"${t}"*`).join(' ');
  return sql`select booking_id from booking_search where booking_search match ${query}`;
}

/**
 * PostgreSQL: true when booking `bookingId`'s own entry holds every term, read by its key: one
 * seek and one match per booking, for checking bookings one after another without computing
 * every booking the search finds (thousands, for a common word). A scalar subquery, so the
 * planner cannot turn it back into that set.
 */
export function entryMatches(bookingId: Expression<string>, terms: readonly string[]): Expression<SqlBool> {
  const query = terms.map((t) => `${t}:*`).join(' & ');
  return sql<SqlBool>`coalesce((select s.search from booking_search s where s.booking_id = ${bookingId}) @@ to_tsquery('simple', ${query}), false)`;
}

/** True for the bookings (by `bookingId`, a column reference) whose index holds every term as a word prefix. */
export function matchesTerms(dialect: 'sqlite' | 'postgres', bookingId: Expression<string>, terms: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${bookingId} in (${bookingsMatching(dialect, terms)})`;
}

/** The SQLite text indexed for a booking row (`new` in a trigger, `bookings` in the backfill). */
function sqliteBody(row: 'new' | 'bookings') {
  const r = sql.raw(row);
  const digits = sql`replace(replace(replace(replace(replace(replace(coalesce(${r}.phone, ''), ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '')`;
  return sql`${r}.name || ' ' || ${r}.email || ' ' || coalesce(${r}.phone, '') || ' ' || ${digits} || ' ' ||
    coalesce((select group_concat(value, ' ') from json_each(${r}.answers) where type = 'text'), '')`;
}

/**
 * Creates the index, its triggers, and entries for the bookings already there (migration 0009;
 * it is given no `Store`, which would import the migrations back). Bears running again on what it made (a test reruns the migrations after 0001).
 */
export async function installBookingSearch(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create table if not exists booking_search (
      booking_id text primary key references bookings (id) on delete cascade,
      search tsvector not null)`.execute(db);
    await sql`create index if not exists booking_search_words on booking_search using gin (search)`.execute(db);
    await sql`create or replace function kairos_booking_words(name text, email text, phone text, answers text) returns tsvector
      language sql immutable as $$
        select to_tsvector('simple', translate(name || ' ' || email || ' ' || coalesce(phone, '') || ' ' ||
          regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '@.+', '   '))
        || jsonb_to_tsvector('simple', answers::jsonb, '["string"]') $$`.execute(db);
    // `set search_path from current`: the function finds this schema's tables whatever the
    // search_path of the session that fires it.
    await sql`create or replace function kairos_booking_indexed() returns trigger language plpgsql
      set search_path from current as $$
      begin
        insert into booking_search (booking_id, search) values (new.id, kairos_booking_words(new.name, new.email, new.phone, new.answers))
          on conflict (booking_id) do update set search = excluded.search;
        return null;
      end $$`.execute(db);
    await sql`drop trigger if exists bookings_indexed on bookings`.execute(db);
    // Only the indexed columns: a status change rewrites nothing.
    await sql`create trigger bookings_indexed after insert or update of name, email, phone, answers on bookings
      for each row execute function kairos_booking_indexed()`.execute(db);
    await sql`insert into booking_search (booking_id, search)
      select id, kairos_booking_words(name, email, phone, answers) from bookings on conflict (booking_id) do nothing`.execute(db);
    return;
  }
  // `booking_id` is unindexed: looking an entry up by it reads the table, which only an erasure
  // or a change of the customer's details does; searching and inserting never do.
  await sql`create virtual table if not exists booking_search using fts5(booking_id unindexed, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
  // A deleted or changed entry's words leave the index at once, rather than at a later merge: an
  // erased customer's name must not linger in it.
  await sql`insert into booking_search (booking_search, rank) values ('secure-delete', 1)`.execute(db);
  await sql`create trigger if not exists bookings_indexed after insert on bookings
    begin insert into booking_search (booking_id, body) values (new.id, ${sqliteBody('new')}); end`.execute(db);
  await sql`create trigger if not exists bookings_reindexed after update of name, email, phone, answers on bookings
    begin
      delete from booking_search where booking_id = old.id;
      insert into booking_search (booking_id, body) values (new.id, ${sqliteBody('new')});
    end`.execute(db);
  await sql`create trigger if not exists bookings_unindexed after delete on bookings
    begin delete from booking_search where booking_id = old.id; end`.execute(db);
  await sql`insert into booking_search (booking_id, body)
    select id, ${sqliteBody('bookings')} from bookings where id not in (select booking_id from booking_search)`.execute(db);
}
