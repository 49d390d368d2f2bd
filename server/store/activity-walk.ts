/**
 * Which entries make a page of the activity stream: for each kind of entry
 * (`activity-entries.ts`), a query of the keys of its newest entries that pass the filter, cut to
 * the page's limit. `activity-stream.ts` merges them and reads the rows.
 *
 * Unnarrowed, each kind is read newest first from its index on the time, up to the limit. A
 * filter that names a member reads that member's own stream (`member-stream.ts`) instead of every
 * kind: their entries in one index, newest first, as if unnarrowed, and narrowed further by the
 * rest of the filter as below.
 *
 * Narrowed, in one of two ways. Walking: entries are read the same way but in windows (the next
 * so many of each kind, one statement for all kinds), each entry checked (against its booking, or
 * against the filter's bookings when they were counted), until each kind has the page's limit or
 * runs out. A window is a bounded set joined to the bookings, so neither database may start from
 * the bookings' side instead (PostgreSQL would hash every booking, SQLite read every one to build
 * a Bloom filter). Walking is fast when many bookings match, and slow when few do or when those
 * that do are old (a week a year ago): it passes every newer entry first. Reading by booking: the
 * filter's bookings are found on their own indexes (`activity-narrowing.ts`) and only their
 * entries read, from the entries' indexes by booking, then sorted; it costs in proportion to the
 * bookings. A filter that names few bookings is read by booking at once; otherwise the first
 * window tells how far the walk would go, and the cheaper way is taken.
 */
import { sql, type Kysely, type QueryCreator } from 'kysely';
import { bookingCondition, bookingsNamed, isNamed, NAMED, namedBookings, narrowsBookings, olderThan, SEARCHED, type ActivityFilter, type AnyQuery } from './activity-narrowing.js';
import { bookingsMatching } from './booking-search.js';
import { entrySources, memberSource, type EntrySource, type Found } from './activity-entries.js';
import type { Dialect } from './connect.js';
import type { Database } from './database.js';

/** The first window, in entries of each kind per entry of the page; each next one is `GROWTH` times longer. */
const FIRST_WINDOW = 8;
const GROWTH = 4;
/**
 * What reading one booking's entries costs, in entries walked past: a booking has about seven
 * entries, read from indexes by booking in three seeks; an entry walked past costs a seek into
 * the bookings. Measured with `npm run bench -- console` (100,000 bookings), as the bounds below:
 * the entries of 3,500 bookings read by booking in about half the time the walk took to pass the
 * 10,000 entries before their newest fifty.
 */
const BOOKING_COST = 2;
/** Bookings read by booking at once, without a walk to tell whether walking would be faster. */
const FEW_BOOKINGS = 1_500;
/** At most this many bookings are read by booking; counting them costs up to as many index entries. */
const MOST_BOOKINGS = 5_000;
/** A filter whose bookings no index finds (a page, an event type, a pool) has them counted only when the walk would pass more entries than this. */
const WALK_BEFORE_COUNTING = 20_000;

export interface WalkOptions {
  /**
   * For tests, to read every narrowing each way: walk checking each entry's booking, walk checking
   * against the bookings counted first, or read by booking.
   */
  only?: 'check' | 'counted' | 'bookings';
  /** For tests: a member's entries read from the whole stream, checked as any narrowing, not from their own stream. */
  everyEntry?: boolean;
}

/** Each kind's query of the keys of its newest entries that pass the filter, ordered and cut to `filter.limit`, for a statement begun by `creator`. */
export interface PageParts {
  parts: AnyQuery[];
  /** The CTEs the parts read. */
  creator: QueryCreator<Database>;
}

export async function pageParts(db: Kysely<Database>, dialect: Dialect, asked: ActivityFilter, options: WalkOptions = {}): Promise<PageParts> {
  const { sources, filter } = streamOf(db, asked, options);
  const newest = (source: EntrySource, query: AnyQuery) => query.orderBy(source.at, 'desc').orderBy(source.orderId, 'desc').limit(filter.limit);
  if (!narrowsBookings(filter)) return { parts: sources.map((s) => newest(s, olderThan(s.keys, filter.olderThan, s.at, s.id))), creator: db };
  const withNamed = (bookings: readonly string[]) =>
    db.with((cte) => cte(NAMED).materialized(), () => namedBookings(dialect, bookings) as never) as unknown as QueryCreator<Database>;
  const byBooking = (bookings: readonly string[]): PageParts => ({ parts: sources.map((s) => ofBookings(db, s, filter)), creator: withNamed(bookings) });
  const all = () => bookingsNamed(db, dialect, filter, Number.MAX_SAFE_INTEGER);
  if (options.only === 'bookings') return byBooking((await all())!);
  const deciding = options.only === undefined;
  // Counted at once when an index finds them: cheap, and a few are read by booking straight away.
  let counted = options.only === 'counted' || (deciding && foundByIndex(filter, dialect));
  let named = options.only === 'counted' ? await all() : counted ? await bookingsNamed(db, dialect, filter, MOST_BOOKINGS) : undefined;
  if (deciding && named && named.length <= FEW_BOOKINGS) return byBooking(named);
  // PostgreSQL's search: a few bookings (a name, a rare word, an id) are read by booking at once;
  // more are walked, each entry checked on its own (`entryMatches`), without listing them all.
  if (deciding && !counted && filter.search && dialect === 'postgres') {
    const few = await bookingsNamed(db, dialect, filter, FEW_BOOKINGS);
    if (few) return byBooking(few);
  }
  // Each entry walked past is checked: against the bookings counted, when they were, else against its booking.
  const passing = (): Passing => {
    const ids = named;
    if (ids) return { narrow: (window) => window.where(isNamed(sql.ref('w.booking_id'))), creator: withNamed(ids) };
    const terms = filter.search?.terms ?? [];
    return {
      narrow: (window) => window.leftJoin('bookings as b', 'b.id', 'w.booking_id').where(bookingCondition(filter, dialect, 'check') as never),
      // SQLite: the search once for the statement, not once for each kind.
      creator: terms.length && dialect === 'sqlite' ? (db.with((cte) => cte(SEARCHED).materialized(), () => sql`(${bookingsMatching(dialect, terms)})` as never) as unknown as QueryCreator<Database>) : db,
    };
  };
  const walks: Walk[] = sources.map((source) => ({ source, found: [], passed: 0, cursor: filter.olderThan, done: false }));
  for (let window = FIRST_WINDOW * filter.limit; walks.some((w) => !w.done); ) {
    await walkWindow(db, walks, window, filter.limit, passing());
    const oldestShown = stopPastThePage(walks, filter.limit);
    const going = walks.filter((w) => !w.done);
    if (!going.length) break;
    if (oldestShown === undefined) {
      const ahead = expectedWalk(walks, filter.limit);
      if (deciding) {
        if (!counted && ahead > WALK_BEFORE_COUNTING) [named, counted] = [await bookingsNamed(db, dialect, filter, MOST_BOOKINGS), true];
        if (named && named.length * BOOKING_COST < ahead) return byBooking(named);
      }
      // As far as the walk so far says is left, with room to spare; at least twice as long each
      // time, so a walk that finds less further back still ends in few statements.
      window = Math.min(window * GROWTH, Math.max(window * 2, Math.ceil((2 * ahead) / going.length)));
      continue;
    }
    // The page is found; the unfinished kinds need only be walked back to its oldest entry. When
    // the bookings are counted, how many entries that is, their indexes count (up to what reading
    // by booking would cost): then the walk ends in one more window, or reading by booking is cheaper.
    if (!deciding || !named) {
      // Nothing to choose: walk on, longer each time.
      window *= GROWTH;
      continue;
    }
    const budget = named.length * BOOKING_COST;
    const left = await entriesBackTo(db, going, oldestShown, budget);
    if (left.reduce((sum, n) => sum + n, 0) > budget) return byBooking(named);
    window = Math.max(1, ...left);
  }
  return { parts: walks.map((w) => newest(w.source, w.found.length ? w.source.pick(w.found) : w.source.keys.where(sql.lit(false)))), creator: db };
}

/**
 * Where a page's entries come from: a member's own stream (`member-stream.ts`) when the filter
 * names a member, whose bookings then need no checking; else every kind of entry. With the rest of
 * the filter, to narrow those further.
 */
function streamOf(db: Kysely<Database>, filter: ActivityFilter, options: WalkOptions): { sources: EntrySource[]; filter: ActivityFilter } {
  const member = filter.assignedTo ?? filter.member;
  if (member === undefined || options.everyEntry) return { sources: entrySources(db), filter };
  const { assignedTo, member: named, ...rest } = filter;
  const other = [assignedTo, named].find((m) => m !== undefined && m !== member);
  return { sources: [memberSource(db, member)], filter: other === undefined ? rest : { ...rest, member: other } };
}

/**
 * Whether to count the filter's bookings before walking: when an index finds them (a search's, a
 * booking's, a member's, a status's, a time's). Not when the filter also names what only the booking's row tells (a page, an event
 * type, a pool) and nothing as narrow as a search or a booking: counting would open a row for
 * each booking of a status or a time, most of them to be dropped (confirmed demos of one page:
 * some 20,000 rows read for 5,000), where the first window's walk tells for little whether
 * counting pays.
 */
function foundByIndex(filter: ActivityFilter, dialect: Dialect): boolean {
  const { search, booking, member, assignedTo, statuses, startFrom, startBefore, startAfter, page, eventType, pool } = filter;
  if (booking !== undefined) return true;
  // PostgreSQL checks a search booking by booking (`entryMatches`): a common word's thousands of
  // bookings need not be listed for the walk; whether they are few is asked first (`pageParts`).
  if (search !== undefined) return dialect === 'sqlite';
  if ([page, eventType, pool].some((v) => v !== undefined)) return false;
  return [member, assignedTo, statuses, startFrom, startBefore, startAfter].some((v) => v !== undefined);
}

/** One kind's walk so far: the rows found, the entries passed, and where the next window starts. */
interface Walk {
  source: EntrySource;
  found: Found[];
  passed: number;
  cursor: ActivityFilter['olderThan'];
  done: boolean;
}

/** Narrows a window of entries (`w`) to those that pass the filter, in a statement begun by `creator` (the CTEs the check reads). */
interface Passing {
  narrow: (window: AnyQuery) => AnyQuery;
  creator?: QueryCreator<Database>;
}

/** The entries each unfinished walk's next window holds that pass, and the window's last entry, in one statement. */
async function walkWindow(db: Kysely<Database>, walks: Walk[], window: number, limit: number, passing: Passing): Promise<void> {
  const going = walks.filter((w) => !w.done);
  const arms = going.flatMap((walk, part) => {
    const ahead = olderThan(walk.source.keys, walk.cursor, walk.source.at, walk.source.id).orderBy(walk.source.at, 'desc').orderBy(walk.source.orderId, 'desc');
    const matches = passing.narrow(db.selectFrom(ahead.limit(window).as('w')) as AnyQuery)
      .select(['w.row_id', 'w.at', 'w.id', sql<string>`'match'`.as('kind'), sql.lit(part).as('part')])
      .orderBy('w.at', 'desc')
      .orderBy('w.id', 'desc')
      .limit(limit - walk.found.length);
    const last = db
      .selectFrom(ahead.limit(1).offset(window - 1).as('w'))
      .select(['w.row_id', 'w.at', 'w.id', sql<string>`'last'`.as('kind'), sql.lit(part).as('part')]);
    return [db.selectFrom(matches.as('m')).selectAll() as AnyQuery, db.selectFrom(last.as('l')).selectAll() as AnyQuery];
  });
  const union = arms.reduce((all, arm) => all.unionAll(arm as never));
  const rows = (await (passing.creator ?? db).selectFrom(union.as('u')).selectAll().execute()) as { row_id: string; at: string; id: string; kind: string; part: number }[];
  going.forEach((walk, part) => {
    const mine = rows.filter((r) => Number(r.part) === part);
    // In the window's order: the newest first.
    walk.found.push(...mine.filter((r) => r.kind === 'match'));
    const last = mine.find((r) => r.kind === 'last');
    walk.passed += window;
    if (walk.found.length >= limit || !last) walk.done = true;
    else walk.cursor = { at: last.at, id: last.id };
  });
}

/**
 * Ends the walks gone past the page: once the walks together found `limit` entries, one that
 * passed back to before the oldest of those would find only older ones. So a kind that is sparse
 * in what matches (given-up notifications) is not walked to the page's limit of its own, years
 * back, for entries that would not be shown. By time alone, strictly: ids order by the database's
 * collation, which this need not know. Answers the time of the page's oldest entry, once found.
 */
function stopPastThePage(walks: Walk[], limit: number): string | undefined {
  const oldestShown = oldestOnPage(walks, limit);
  if (oldestShown === undefined) return undefined;
  for (const walk of walks) if (!walk.done && walk.cursor && walk.cursor.at < oldestShown) walk.done = true;
  return oldestShown;
}

/** How many more entries the walks would pass to fill the page, at the rate they found entries together so far. */
function expectedWalk(walks: Walk[], limit: number): number {
  const found = walks.reduce((sum, w) => sum + w.found.length, 0);
  const passed = walks.reduce((sum, w) => sum + w.passed, 0);
  return ((limit - found) * passed) / Math.max(found, 0.5);
}

/**
 * How many entries each walk has left back to `oldest` (inclusive), counted on its index up to
 * `most` each, in one statement.
 */
async function entriesBackTo(db: Kysely<Database>, walks: Walk[], oldest: string, most: number): Promise<number[]> {
  const arms = walks.map((walk, part) => {
    const back = olderThan(walk.source.keys, walk.cursor, walk.source.at, walk.source.id).where(walk.source.at, '>=', oldest).limit(most + 1);
    return db.selectFrom(back.as('b')).select([sql<number>`count(*)`.as('n'), sql.lit(part).as('part')]) as AnyQuery;
  });
  const rows = (await arms.reduce((all, arm) => all.unionAll(arm as never)).execute()) as { n: number | string; part: number }[];
  return walks.map((_, part) => Number(rows.find((r) => Number(r.part) === part)?.n ?? 0));
}

/** The time of the page's oldest entry, once the walks together found a page. */
function oldestOnPage(walks: Walk[], limit: number): string | undefined {
  const times = walks.flatMap((w) => w.found.map((f) => f.at)).sort();
  return times.length < limit ? undefined : times[times.length - limit];
}

/**
 * Only the counted bookings' entries (`NAMED`), read by booking, then sorted and cut to the limit:
 * a materialised CTE, so that PostgreSQL does not read the whole stream in time order looking for
 * them instead. (The bookings are the filter's as the query before this one found them.)
 */
function ofBookings(db: Kysely<Database>, source: EntrySource, filter: ActivityFilter): AnyQuery {
  const picked = source.keys.where(isNamed(sql.ref('e.booking_id')));
  const entries = db.with((cte) => cte('e').materialized(), () => picked).selectFrom('e').selectAll('e') as AnyQuery;
  return olderThan(entries, filter.olderThan, sql.ref('e.at'), sql.ref('e.id')).orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(filter.limit);
}
