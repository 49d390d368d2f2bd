/**
 * The config (members, event types, pools, pages, webhooks) as stored documents: imported by
 * upserting each entity by its id, exported whole, and looked up one by one by the routes.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config, EventType, Member, Page, Pool, Webhook } from '../config/schema.js';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';

type DocTable = 'members' | 'event_types' | 'pools' | 'pages' | 'webhooks';

/** Webhooks may come without an id; the URL then names them, so a re-import updates rather than duplicates. */
export function webhookId(webhook: Webhook): string {
  return webhook.id ?? createHash('sha256').update(webhook.url).digest('hex').slice(0, 16);
}

export async function importConfig(db: Kysely<Database>, config: Config, now: number): Promise<void> {
  const updated_at = toStored(now);
  const docs: [DocTable, string, unknown][] = [
    ...config.members.map((m): [DocTable, string, unknown] => ['members', m.id, m]),
    ...config.eventTypes.map((e): [DocTable, string, unknown] => ['event_types', e.id, e]),
    ...config.pools.map((p): [DocTable, string, unknown] => ['pools', p.id, p]),
    ...config.pages.map((p): [DocTable, string, unknown] => ['pages', p.slug, p]),
    ...config.webhooks.map((w): [DocTable, string, unknown] => ['webhooks', webhookId(w), { ...w, id: webhookId(w) }]),
  ];
  await db.transaction().execute(async (trx) => {
    for (const [table, id, doc] of docs) {
      const data = JSON.stringify(doc);
      await trx
        .insertInto(table)
        .values({ id, data, updated_at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ data, updated_at }))
        .execute();
    }
  });
}

async function readAll<T>(db: Kysely<Database>, table: DocTable): Promise<T[]> {
  const rows = await db.selectFrom(table).select(['id', 'data']).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.data) as T);
}

async function readSome<T>(db: Kysely<Database>, table: DocTable, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom(table).select(['id', 'data']).where('id', 'in', [...new Set(ids)]).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.data) as T);
}

async function readOne<T>(db: Kysely<Database>, table: DocTable, id: string): Promise<T | undefined> {
  return (await readSome<T>(db, table, [id]))[0];
}

export async function exportConfig(db: Kysely<Database>): Promise<Config> {
  return {
    members: await readAll<Member>(db, 'members'),
    eventTypes: await readAll<EventType>(db, 'event_types'),
    pools: await readAll<Pool>(db, 'pools'),
    pages: await readAll<Page>(db, 'pages'),
    webhooks: await readAll<Webhook>(db, 'webhooks'),
  };
}

export async function isConfigEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('pages').select('id').limit(1).executeTakeFirst();
  const member = await db.selectFrom('members').select('id').limit(1).executeTakeFirst();
  return !row && !member;
}

export const getPage = (db: Kysely<Database>, slug: string) => readOne<Page>(db, 'pages', slug);
export const getEventType = (db: Kysely<Database>, id: string) => readOne<EventType>(db, 'event_types', id);
export const getMember = (db: Kysely<Database>, id: string) => readOne<Member>(db, 'members', id);
export const getPool = (db: Kysely<Database>, id: string) => readOne<Pool>(db, 'pools', id);
export const getMembers = (db: Kysely<Database>, ids: readonly string[]) => readSome<Member>(db, 'members', ids);
export const getPools = (db: Kysely<Database>, ids: readonly string[]) => readSome<Pool>(db, 'pools', ids);

/** Webhooks that still receive deliveries (a `410 Gone` disables one). */
export async function activeWebhooks(db: Kysely<Database>): Promise<Webhook[]> {
  const rows = await db.selectFrom('webhooks').select('data').where('disabled', '=', 0).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.data) as Webhook);
}

/**
 * References a config makes that neither it nor the stored config can resolve, as
 * `{"pages.0.entries.1.event": "unknown event type \"x\""}`; empty when the config is whole.
 */
export async function danglingReferences(db: Kysely<Database>, config: Config): Promise<Record<string, string>> {
  const stored = await exportConfig(db);
  const members = new Set([...stored.members, ...config.members].map((m) => m.id));
  const events = new Set([...stored.eventTypes, ...config.eventTypes].map((e) => e.id));
  const pools = new Set([...stored.pools, ...config.pools].map((p) => p.id));
  const problems: Record<string, string> = {};
  const checkHost = (path: string, host: Page['entries'][number]['host']) => {
    const parts = 'panel' in host ? host.panel : [host];
    parts.forEach((part, i) => {
      const at = 'panel' in host ? `${path}.panel.${i}` : path;
      if ('member' in part && !members.has(part.member)) problems[`${at}.member`] = `unknown member "${part.member}"`;
      if ('pool' in part && !pools.has(part.pool)) problems[`${at}.pool`] = `unknown pool "${part.pool}"`;
    });
  };
  config.pools.forEach((pool, p) =>
    pool.members.forEach((m, i) => {
      if (!members.has(m.member)) problems[`pools.${p}.members.${i}.member`] = `unknown member "${m.member}"`;
    }),
  );
  config.pages.forEach((page, p) => {
    page.entries.forEach((entry, i) => {
      if (!events.has(entry.event)) problems[`pages.${p}.entries.${i}.event`] = `unknown event type "${entry.event}"`;
      checkHost(`pages.${p}.entries.${i}.host`, entry.host);
    });
    page.rules.forEach((rule, i) => {
      if (rule.host) checkHost(`pages.${p}.rules.${i}.host`, rule.host);
    });
  });
  return problems;
}
