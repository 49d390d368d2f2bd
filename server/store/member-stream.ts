/**
 * Each member's own activity stream, as keys: for every entry of the stream (`activity-entries.ts`)
 * one row per member of the entry's booking, in an index by member and time. A member's stream (a
 * member key's, or `?member=`) is then one range of that index, newest first, instead of the whole
 * stream walked and each entry's booking looked up: a member holds a few percent of the bookings,
 * so the walk passed some thirty entries for each one it kept.
 *
 * The database keeps it itself, with triggers, as it keeps the search index (`booking-search.ts`):
 * an entry recorded, a notification sent or given up, a member joining or leaving a booking (a
 * booking made, reassigned, erased), whoever writes, in the same statement. A booking reassigned
 * moves all its entries, the earlier ones too: the stream is filtered by who holds the booking now,
 * as a filter on the booking's members is.
 *
 * Which outbox rows are entries, and at what time, is `activity-entries.ts`'s rule, written here
 * again in SQL (`ENTRY_AT`); the store's tests read each member's stream both ways and compare.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/** An outbox row's time as an entry of the stream, or null when it is none (row `r`). */
const entryAt = (r: string) =>
  sql.raw(`case when ${r}.booking_id is null then null
    when ${r}.kind = 'email' and ${r}.status = 'sent' then ${r}.sent_at
    when ${r}.status = 'failed' and ${r}.kind in ('email', 'webhook') then ${r}.failed_at end`);

/** The stream's rows of booking member `m` (a row with `booking_id`, `member_id`), from the entries already there. */
const entriesOf = (m: string) => sql`
  select ${sql.raw(m)}.member_id, a.booking_id, a.id, a.at, 'activity', a.id from activity a where a.booking_id = ${sql.raw(m)}.booking_id
  union all
  select ${sql.raw(m)}.member_id, o.booking_id, 'outbox-' || o.id, ${entryAt('o')}, 'outbox', o.id from outbox o
    where o.booking_id = ${sql.raw(m)}.booking_id and ${entryAt('o')} is not null`;

/** The stream's rows of activity row `r`, one per member of its booking. */
const activityRows = (r: string) => sql`
  select bm.member_id, ${sql.raw(r)}.booking_id, ${sql.raw(r)}.id, ${sql.raw(r)}.at, 'activity', ${sql.raw(r)}.id
  from booking_members bm where bm.booking_id = ${sql.raw(r)}.booking_id`;

/** The stream's rows of outbox row `r` when it is an entry, one per member of its booking. */
const outboxRows = (r: string) => sql`
  select bm.member_id, ${sql.raw(r)}.booking_id, 'outbox-' || ${sql.raw(r)}.id, ${entryAt(r)}, 'outbox', ${sql.raw(r)}.id
  from booking_members bm where bm.booking_id = ${sql.raw(r)}.booking_id and ${entryAt(r)} is not null`;

const COLUMNS = sql.raw('(member_id, booking_id, id, at, origin, row_id)');

/**
 * Creates the table, its index and triggers, and the rows of the entries already there
 * (migration 0016). Bears running again on what it made (a test reruns the migrations after 0001).
 */
export async function installMemberStream(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Keyed by booking first: a member leaving a booking, or an entry going, deletes by it.
  await sql`create table if not exists member_stream (
    member_id text not null, booking_id text not null, id text not null, at text not null,
    origin text not null, row_id text not null,
    primary key (booking_id, member_id, id))${sql.raw(postgres ? '' : ' without rowid')}`.execute(db);
  // Every column the stream reads of a key: a member's page never opens a row.
  await sql`create index if not exists member_stream_member on member_stream (member_id, at, id, booking_id, origin, row_id)`.execute(db);
  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
  const kept = postgres ? sql`on conflict do nothing` : sql``;
  await sql`insert ${sql.raw(postgres ? '' : 'or ignore ')}into member_stream ${COLUMNS}
    select m.member_id, m.booking_id, m.id, m.at, m.origin, m.row_id from (
      select bm.member_id, a.booking_id, a.id, a.at, 'activity' as origin, a.id as row_id from booking_members bm join activity a on a.booking_id = bm.booking_id
      union all
      select bm.member_id, o.booking_id, 'outbox-' || o.id, ${entryAt('o')}, 'outbox', o.id from booking_members bm join outbox o on o.booking_id = bm.booking_id
    ) m where m.at is not null ${kept}`.execute(db);
}

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const triggers = [
    sql`create trigger if not exists member_stream_activity after insert on activity when new.booking_id is not null
      begin insert or ignore into member_stream ${COLUMNS} ${activityRows('new')}; end`,
    sql`create trigger if not exists member_stream_activity_gone after delete on activity when old.booking_id is not null
      begin delete from member_stream where booking_id = old.booking_id and id = old.id; end`,
    sql`create trigger if not exists member_stream_activity_changed after update of booking_id, at on activity
      begin
        delete from member_stream where booking_id = old.booking_id and id = old.id;
        insert or ignore into member_stream ${COLUMNS} ${activityRows('new')};
      end`,
    sql`create trigger if not exists member_stream_outbox after insert on outbox when new.booking_id is not null
      begin insert or ignore into member_stream ${COLUMNS} ${outboxRows('new')}; end`,
    sql`create trigger if not exists member_stream_outbox_gone after delete on outbox when old.booking_id is not null
      begin delete from member_stream where booking_id = old.booking_id and id = 'outbox-' || old.id; end`,
    // Only what decides whether a row is an entry, and when: a claim or an attempt rewrites nothing.
    sql`create trigger if not exists member_stream_outbox_changed after update of booking_id, kind, status, sent_at, failed_at on outbox
      begin
        delete from member_stream where booking_id = old.booking_id and id = 'outbox-' || old.id;
        insert or ignore into member_stream ${COLUMNS} ${outboxRows('new')};
      end`,
    sql`create trigger if not exists member_stream_joined after insert on booking_members
      begin insert or ignore into member_stream ${COLUMNS} select * from (${entriesOf('new')}) where at is not null; end`,
    sql`create trigger if not exists member_stream_left after delete on booking_members
      begin delete from member_stream where booking_id = old.booking_id and member_id = old.member_id; end`,
    sql`create trigger if not exists member_stream_moved after update of booking_id, member_id on booking_members
      begin
        delete from member_stream where booking_id = old.booking_id and member_id = old.member_id;
        insert or ignore into member_stream ${COLUMNS} select * from (${entriesOf('new')}) where at is not null;
      end`,
  ];
  for (const trigger of triggers) await trigger.execute(db);
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  // `set search_path from current`: the functions find this schema's tables whatever the
  // search_path of the session that fires them.
  const fn = (name: string, body: RawBuilder<unknown>) =>
    sql`create or replace function ${sql.id(name)}() returns trigger language plpgsql set search_path from current as $$
      begin ${body} return null; end $$`.execute(db);
  await fn(
    'kairos_member_stream_activity',
    sql`if tg_op <> 'INSERT' and old.booking_id is not null then
        delete from member_stream where booking_id = old.booking_id and id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.booking_id is not null then
        insert into member_stream ${COLUMNS} ${activityRows('new')} on conflict do nothing;
      end if;`,
  );
  await fn(
    'kairos_member_stream_outbox',
    sql`if tg_op <> 'INSERT' and old.booking_id is not null then
        delete from member_stream where booking_id = old.booking_id and id = 'outbox-' || old.id;
      end if;
      if tg_op <> 'DELETE' and new.booking_id is not null then
        insert into member_stream ${COLUMNS} ${outboxRows('new')} on conflict do nothing;
      end if;`,
  );
  await fn(
    'kairos_member_stream_members',
    sql`if tg_op <> 'INSERT' then
        delete from member_stream where booking_id = old.booking_id and member_id = old.member_id;
      end if;
      if tg_op <> 'DELETE' then
        insert into member_stream ${COLUMNS} select * from (${entriesOf('new')}) e where e.at is not null on conflict do nothing;
      end if;`,
  );
  const triggers: [string, string, string, string][] = [
    ['member_stream_activity', 'activity', 'insert or delete or update of booking_id, at', 'kairos_member_stream_activity'],
    ['member_stream_outbox', 'outbox', 'insert or delete or update of booking_id, kind, status, sent_at, failed_at', 'kairos_member_stream_outbox'],
    ['member_stream_members', 'booking_members', 'insert or delete or update of booking_id, member_id', 'kairos_member_stream_members'],
  ];
  for (const [name, table, events, fnName] of triggers) {
    await sql`drop trigger if exists ${sql.id(name)} on ${sql.table(table)}`.execute(db);
    await sql`create trigger ${sql.id(name)} after ${sql.raw(events)} on ${sql.table(table)} for each row execute function ${sql.id(fnName)}()`.execute(db);
  }
}
