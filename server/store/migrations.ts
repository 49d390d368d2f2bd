/**
 * Schema migrations, written once with kysely's schema builder so SQLite and PostgreSQL get the
 * same tables. Append new migrations; never edit one that has shipped.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Migrator, PostgresAdapter, sql, type Expression, type Kysely, type Migration, type MigrationProvider, type SqlBool } from 'kysely';
import { installBookingSearch } from './booking-search.js';
import { installMemberStream } from './member-stream.js';
import { resealStoredSecrets } from './reseal-secrets.js';
import { secretKeys } from './secret-keys.js';

const CONFIG_TABLES = ['members', 'event_types', 'pools', 'pages', 'webhooks'];

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      for (const table of ['members', 'event_types', 'pools', 'pages']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('bookings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('uid', 'text', (c) => c.notNull())
        .addColumn('page', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('end_at', 'text', (c) => c.notNull())
        .addColumn('buffer_before', 'integer', (c) => c.notNull())
        .addColumn('buffer_after', 'integer', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('manage_token_hash', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bookings_start').on('bookings').columns(['start_at']).execute();
      await db.schema.createIndex('bookings_email').on('bookings').columns(['email']).execute();

      await db.schema
        .createTable('booking_members')
        .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('pool', 'text')
        .addPrimaryKeyConstraint('booking_members_pk', ['booking_id', 'member_id'])
        .execute();
      await db.schema.createIndex('booking_members_member').on('booking_members').columns(['member_id']).execute();

      await db.schema
        .createTable('pool_assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pool', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('booking_id', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pool_assignments_pool').on('pool_assignments').columns(['pool', 'assigned_at']).execute();

      await db.schema
        .createTable('activity')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('booking_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_at').on('activity').columns(['at']).execute();
      await db.schema.createIndex('activity_booking').on('activity').columns(['booking_id']).execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('booking_id', 'text')
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('outbox_booking').on('outbox').columns(['booking_id']).execute();

      await db.schema
        .createTable('outbox_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('outbox_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
    },
  },
  '0002_hash_idempotency_keys': {
    // Keyed manage tokens derive from the idempotency key, and the server secret sits in
    // `settings`: stored plain, the key would let a copy of the database rebuild those tokens.
    async up(db: Kysely<any>) {
      const rows = await db.selectFrom('bookings').select(['id', 'idempotency_key']).where('idempotency_key', 'is not', null).execute();
      for (const row of rows) {
        const hash = createHash('sha256').update(row.idempotency_key as string).digest('hex');
        await db.updateTable('bookings').set({ idempotency_key: hash }).where('id', '=', row.id).execute();
      }
    },
  },
  '0004_pool_assignment_indexes': {
    // Distribution reads a pool's history per member: each member's latest assignment is one seek
    // on the first, and round-robin counts by outcome read the second alone, never the table.
    // `ifNotExists`: a test reruns every migration after 0001 on a migrated database.
    async up(db: Kysely<any>) {
      await db.schema.createIndex('pool_assignments_latest').ifNotExists().on('pool_assignments').columns(['pool', 'member_id', 'assigned_at']).execute();
      await db.schema
        .createIndex('pool_assignments_outcomes')
        .ifNotExists()
        .on('pool_assignments')
        .columns(['pool', 'member_id', 'outcome', 'assigned_at'])
        .execute();
    },
  },
  '0005_member_keys': {
    // After 0004, which some databases ran before this existed: kysely refuses a migration that
    // sorts before one already run. `ifNotExists` for the test that reruns those after 0001.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('member_keys')
        .ifNotExists()
        .addColumn('member_id', 'text', (c) => c.primaryKey())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0006_config_version': {
    // Servers keep the config in memory (`config-cache.ts`) and ask this one row whether it is
    // still current. Triggers bump it on every change to a config table, whoever writes: an
    // import, a webhook disabled by a 410, another process, or SQL by hand. The token tells one
    // database from another, so one process may cache several. Reruns after 0001 in a test.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('config_version')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await db
        .insertInto('config_version')
        .values({ id: 1, token: randomUUID(), version: 0 })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        // `set search_path from current`: the function finds this schema's table whatever the
        // search_path of the session that fires it.
        await sql`create or replace function kairos_config_changed() returns trigger language plpgsql
          set search_path from current as $$
          begin update config_version set version = version + 1 where id = 1; return null; end $$`.execute(db);
        for (const table of CONFIG_TABLES) {
          await sql`drop trigger if exists ${sql.id(`${table}_config_changed`)} on ${sql.table(table)}`.execute(db);
          await sql`create trigger ${sql.id(`${table}_config_changed`)} after insert or update or delete or truncate on ${sql.table(table)}
            for each statement execute function kairos_config_changed()`.execute(db);
        }
        return;
      }
      for (const table of CONFIG_TABLES) {
        for (const change of ['insert', 'update', 'delete']) {
          await sql`create trigger if not exists ${sql.id(`${table}_config_${change}`)} after ${sql.raw(change)} on ${sql.table(table)}
            begin update config_version set version = version + 1 where id = 1; end`.execute(db);
        }
      }
    },
  },
  '0007_idempotency_fingerprint': {
    // A key replays its booking only to the request it came with: the request's fingerprint sits
    // beside the key's hash. Bookings keyed before this have none (see `create-booking.ts`).
    // Reruns after 0001 in a test, so the column is added only where it is missing.
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table bookings add column if not exists idempotency_fingerprint text`.execute(db);
        return;
      }
      const columns = await sql<{ name: string }>`select name from pragma_table_info('bookings')`.execute(db);
      if (!columns.rows.some((c) => c.name === 'idempotency_fingerprint')) {
        await db.schema.alterTable('bookings').addColumn('idempotency_fingerprint', 'text').execute();
      }
    },
  },
  '0008_outbox_claim_owners': {
    // A claim names the worker that made it, and workers keep a heartbeat row: the claims of a
    // worker that stopped beating (killed, crashed) are taken back within seconds instead of
    // after their lease. Reruns after 0001 in a test: only what is missing is added.
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table outbox add column if not exists claimed_by text`.execute(db);
      } else {
        const { rows } = await sql<{ name: string }>`select name from pragma_table_info('outbox')`.execute(db);
        if (!rows.some((r) => r.name === 'claimed_by')) await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
      }
      await db.schema
        .createTable('outbox_workers')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0009_activity_search': {
    // The activity stream (`activity-stream.ts`): its pages are read newest first by (at, id), its
    // free-text search has its own index (`booking-search.ts`), and each person keeps their saved
    // filters. Reruns after 0001 in a test: only what is missing is made.
    async up(db: Kysely<any>) {
      await db.schema.createIndex('activity_at_id').ifNotExists().on('activity').columns(['at', 'id']).execute();
      await installBookingSearch(db);
      await db.schema
        .createTable('saved_filters')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('saved_filters_owner').ifNotExists().on('saved_filters').columns(['owner', 'created_at']).execute();
    },
  },
  '0010_bookings_email_lower': {
    // GDPR export and erasure find a customer's bookings by email without case
    // (`customer-data.ts`): one seek on this, not a scan of every booking. Reruns after 0001 in a test.
    async up(db: Kysely<any>) {
      await db.schema.createIndex('bookings_email_lower').ifNotExists().on('bookings').expression(sql`lower(email)`).execute();
    },
  },
  '0011_people_and_sessions': {
    // People sign in with an emailed one-time link instead of presenting keys: admins (members
    // are the config's), the links' tokens and the sessions they start. Tokens and session ids
    // are stored only as their SHA-256 (`secret-hash.ts`).
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('admins')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sign_in_tokens')
        .ifNotExists()
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_person').ifNotExists().on('sessions').column('person').execute();
    },
  },
  '0012_member_assignments': {
    // A member's own figures (`GET /admin/members/{member}/stats`) count every place they were
    // given, and `pool_assignments` knows only the places a pool drew: the others (a member
    // host, a panel's listed member) get their history here, written and settled alongside
    // (`booking-rows.ts`). Earlier bookings are filled in from their current members, as made
    // when the booking was; what was reassigned away from a member before this is not known.
    // Reruns after 0001 in a test: the fill adds only the places it lacks.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('member_assignments')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('booking_id', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('member_assignments_member').ifNotExists().on('member_assignments').columns(['member_id', 'assigned_at']).execute();
      await db.schema.createIndex('member_assignments_booking').ifNotExists().on('member_assignments').columns(['booking_id']).execute();
      // A member's pool places, read without knowing the pools.
      await db.schema.createIndex('pool_assignments_member').ifNotExists().on('pool_assignments').columns(['member_id', 'assigned_at']).execute();
      const outcome = sql`case b.status when 'cancelled' then 'cancelled' when 'declined' then 'cancelled' when 'no_show' then 'no_show' else 'held' end`;
      await sql`insert into member_assignments (id, member_id, booking_id, assigned_at, outcome)
        select bm.booking_id || '/' || bm.member_id, bm.member_id, bm.booking_id, b.created_at, ${outcome}
        from booking_members bm join bookings b on b.id = bm.booking_id
        where bm.pool is null
          and not exists (select 1 from member_assignments ma where ma.booking_id = bm.booking_id and ma.member_id = bm.member_id)`.execute(db);
    },
  },
  '0013_activity_stream_indexes': {
    // The activity stream at scale (`activity-stream.ts`; `npm run bench -- console`, 100,000
    // bookings). Its reads pass over index entries only: every kind of entry has its keys (time,
    // id, booking) in an index in time order and in one by booking. Activity's two indexes are
    // redefined so (and its index on the time alone, a prefix of the first, dropped). Notification
    // entries get partial ones (only the outbox rows that are entries): sent emails by `sent_at`,
    // given-up rows by `failed_at`, which the worker now writes when it gives up, filled here from
    // each such row's last attempt (what the stream computed, for every given-up row, on every
    // read; the attempts' index makes that a seek, and a customer's erasure too). Bookings by
    // status find those a rare status names. Reruns after 0001 in a test: what is there is kept.
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table outbox add column if not exists failed_at text`.execute(db);
      } else {
        const { rows } = await sql<{ name: string }>`select name from pragma_table_info('outbox')`.execute(db);
        if (!rows.some((r) => r.name === 'failed_at')) await db.schema.alterTable('outbox').addColumn('failed_at', 'text').execute();
      }
      await db.schema.createIndex('outbox_attempts_outbox').ifNotExists().on('outbox_attempts').columns(['outbox_id', 'at']).execute();
      await sql`update outbox set failed_at = (select max(oa.at) from outbox_attempts oa where oa.outbox_id = outbox.id)
        where status = 'failed' and failed_at is null`.execute(db);
      const index = async (name: string, table: string, columns: string[], where?: Expression<SqlBool>) => {
        const made = db.schema.createIndex(name).ifNotExists().on(table).columns(columns);
        await (where ? made.where(where) : made).execute();
      };
      for (const old of ['activity_at', 'activity_at_id', 'activity_booking']) await db.schema.dropIndex(old).ifExists().execute();
      await index('activity_stream', 'activity', ['at', 'id', 'booking_id']);
      await index('activity_stream_booking', 'activity', ['booking_id', 'at', 'id']);
      const sent = sql<SqlBool>`kind = 'email' and status = 'sent'`;
      const failed = sql<SqlBool>`status = 'failed'`;
      await index('outbox_sent', 'outbox', ['sent_at', 'id', 'booking_id'], sent);
      await index('outbox_sent_booking', 'outbox', ['booking_id', 'sent_at', 'id'], sent);
      await index('outbox_failed', 'outbox', ['failed_at', 'id', 'booking_id'], failed);
      await index('outbox_failed_booking', 'outbox', ['booking_id', 'failed_at', 'id'], failed);
      await index('bookings_status', 'bookings', ['status', 'start_at', 'id']);
    },
  },
  '0014_manage_tokens': {
    // Manage tokens issued after a booking's first, for a manage link sent again (asking the
    // customer to pick a new time): the first is kept only as its hash, so it cannot be sent
    // again, and replacing it would break the links in the customer's earlier emails and invite.
    // Stored only as their SHA-256, like the first.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('manage_tokens')
        .ifNotExists()
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0015_consents_and_retention': {
    // What each consent field said when it was answered (`consents.ts`): a later edit of the
    // config must not rewrite what a customer agreed to. And the bookings whose customer is still
    // on record, by their end, for the retention job (`team/apply-retention.ts`): erased ones
    // (empty email) drop out of the index, so its hourly look stays as small as what is due.
    // Reruns after 0001 in a test: only what is missing is made.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('consents')
        .ifNotExists()
        .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('given', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['booking_id', 'field'])
        .execute();
      await db.schema.createIndex('bookings_retention').ifNotExists().on('bookings').column('end_at').where(sql<boolean>`email <> ''`).execute();
    },
  },
  '0016_member_stream': {
    // Each member's own activity stream, kept by the database (`member-stream.ts`): a member's
    // page of the stream is one range of an index. Reruns after 0001 in a test: what is there is kept.
    async up(db: Kysely<any>) {
      await installMemberStream(db);
    },
  },
  '0017_booking_guests': {
    // The addresses a customer invited along (a JSON array): they get the invite and the
    // booking's emails, and are the customer's personal data (erased with it).
    // Reruns after 0001 in a test: the column is added once.
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table bookings add column if not exists guests text not null default '[]'`.execute(db);
      } else {
        const { rows } = await sql<{ name: string }>`select name from pragma_table_info('bookings')`.execute(db);
        if (!rows.some((r) => r.name === 'guests')) await sql`alter table bookings add column guests text not null default '[]'`.execute(db);
      }
    },
  },
  '0018_holds': {
    // Times held for visitors while they fill the form (`holds.ts`): one row per member a hold
    // takes, keyed by the hold token's SHA-256 (the token itself is never stored). Live holds are
    // few and found by expiry, so the slots read and the clean-up each walk one short index range
    // however many expired rows wait to be deleted. Reruns after 0001 in a test: made once.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('holds')
        .ifNotExists()
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('page', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('end_at', 'text', (c) => c.notNull())
        .addColumn('buffer_before', 'integer', (c) => c.notNull())
        .addColumn('buffer_after', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('holds_pk', ['token_hash', 'member_id'])
        .execute();
      await db.schema.createIndex('holds_expiry').ifNotExists().on('holds').column('expires_at').execute();
    },
  },
  '0019_booking_meetings': {
    // Each booking's meeting at a conferencing provider (Zoom, Teams, Meet…): which one, whose
    // account holds it, its id there to move or remove it, its join link. The link is also in the
    // booking's location, which every message reads; this row is what the provider calls need.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('booking_meetings')
        .ifNotExists()
        .addColumn('booking_id', 'text', (c) => c.primaryKey().references('bookings.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text')
        .addColumn('host', 'text')
        .addColumn('meeting_id', 'text')
        .addColumn('join_url', 'text')
        .addColumn('detail', 'text')
        .addColumn('last_error', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0020_pool_members': {
    // When each member joined each pool, for round robin's calibration of a member who joins
    // mid-period. Members already in a pool count as having always been there (the epoch).
    // Reruns after 0001 in a test: the table is created once, the rows inserted once.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('pool_members')
        .ifNotExists()
        .addColumn('pool', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pool_members_pk', ['pool', 'member_id'])
        .execute();
      const pools = await db.selectFrom('pools').select(['id', 'data']).execute();
      for (const pool of pools as { id: string; data: string }[]) {
        const members = (JSON.parse(pool.data) as { members: { member: string }[] }).members;
        for (const { member } of members) {
          await db
            .insertInto('pool_members')
            .values({ pool: pool.id, member_id: member, joined_at: '1970-01-01T00:00:00.000Z' })
            .onConflict((oc) => oc.columns(['pool', 'member_id']).doNothing())
            .execute();
        }
      }
    },
  },
  '0021_booking_series': {
    // The sessions of a multi-session booking (a course, a weekly series) share one series id:
    // booked together, listed together on the manage page, cancellable together. Null for a
    // booking of one session. Reruns after 0001 in a test: the column is added once.
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table bookings add column if not exists series_id text`.execute(db);
      } else {
        const { rows } = await sql<{ name: string }>`select name from pragma_table_info('bookings')`.execute(db);
        if (!rows.some((r) => r.name === 'series_id')) await sql`alter table bookings add column series_id text`.execute(db);
      }
      await sql`create index if not exists bookings_series on bookings (series_id) where series_id is not null`.execute(db);
    },
  },
  '0022_booking_calendar_events': {
    // Where each booking member's copy of the booking sits in their own calendar (write-back,
    // `booking/write-calendars.ts`): the calendar, the event's address there and the ETag it had
    // when Kairos last wrote it, so a move or a removal changes that event and no other version.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('booking_calendar_events')
        .ifNotExists()
        .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id').onDelete('cascade'))
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('calendar', 'text', (c) => c.notNull())
        .addColumn('href', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('booking_calendar_events_pk', ['booking_id', 'member_id'])
        .execute();
    },
  },
  '0023_booking_crm_records': {
    // What each booking became in the CRM (`booking/log-to-crm.ts`): the contact (or lead) it was
    // logged on and the meeting (or event) logged, so that a move, a cancel or a retried run
    // changes that one meeting instead of logging another. `claimed_until`: a run talking to the
    // CRM holds the row until then, so that two runs for one booking never both log a meeting.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('booking_crm_records')
        .ifNotExists()
        .addColumn('booking_id', 'text', (c) => c.primaryKey().references('bookings.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text')
        .addColumn('meeting_id', 'text')
        .addColumn('outcome', 'text')
        .addColumn('claimed_until', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0025_sealed_secrets': {
    // CalDAV passwords and webhook secrets were stored in the clear in the config documents, and
    // the server secret of personal links in `settings`; from here on they are sealed
    // (`config-secrets.ts`, README "Secrets"). This seals the ones already stored, with the key
    // `openStore` set up before migrating, so an upgrade leaves none behind.
    async up(db: Kysely<any>) {
      await resealStoredSecrets(db, secretKeys());
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** PostgreSQL's codes for a schema, table or column dropped while kysely's look-up read it. */
const LOOK_UP_RACES = new Set(['3F000', '42P01', '42703']);

/**
 * `schema` names the PostgreSQL schema the tables live in, and PostgreSQL must always be given
 * one (`connect.ts` passes `current_schema()` by default): without it kysely looks for its
 * migration tables across all schemas, so a second schema in one database would be taken as
 * already migrated. SQLite has no schemas and passes none.
 */
export async function migrate(db: Kysely<any>, schema?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // Numbers are handed out to branches ahead of their merge, so a database may have run 0020
    // before 0018 lands: gaps and late arrivals are run, not refused as out of order.
    const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (!error && !failed) return;
    // kysely looks for its table among every schema of the database, listing each one's tables
    // and columns: a schema another session drops meanwhile fails that look-up before any
    // migration ran — the schema (`3F000`), a table (`42P01`) or a column (`42703`) gone under
    // it. Looking again no longer sees it.
    // kysely lists the pending migrations as `NotExecuted` when its look-up failed: none ran.
    const noneRan = !results?.some((r) => r.status !== 'NotExecuted');
    const code = (error as { code?: unknown } | undefined)?.code;
    if (attempt < 5 && noneRan && typeof code === 'string' && LOOK_UP_RACES.has(code)) continue;
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
