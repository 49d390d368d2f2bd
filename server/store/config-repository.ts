/**
 * The config (members, event types, pools, pages, webhooks) as stored documents: imported by
 * upserting each entity by its id, exported whole, and looked up one by one by the routes.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config, EventType, Member, Page, Pool, Webhook } from '../config/schema.js';
import { openMember, openWebhook, sealMember, sealWebhook } from './config-secrets.js';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';
import type { SecretKeys } from './sealed-secrets.js';
import { secretKeys } from './secret-keys.js';

type DocTable = 'members' | 'event_types' | 'pools' | 'pages' | 'webhooks';

/** Webhooks may come without an id; the URL then names them, so a re-import updates rather than duplicates. */
export function webhookId(webhook: Webhook): string {
  return webhook.id ?? createHash('sha256').update(webhook.url).digest('hex').slice(0, 16);
}

/** Secrets (`config-secrets.ts`) are sealed on their way in: the rows never hold them in the clear. */
export async function importConfig(db: Kysely<Database>, config: Config, now: number): Promise<void> {
  const updated_at = toStored(now);
  const keys = secretKeys();
  const docs: [DocTable, string, unknown][] = [
    ...config.members.map((m): [DocTable, string, unknown] => ['members', m.id, sealMember(m, keys)]),
    ...config.eventTypes.map((e): [DocTable, string, unknown] => ['event_types', e.id, e]),
    ...config.pools.map((p): [DocTable, string, unknown] => ['pools', p.id, p]),
    ...config.pages.map((p): [DocTable, string, unknown] => ['pages', p.slug, p]),
    ...config.webhooks.map((w): [DocTable, string, unknown] => ['webhooks', webhookId(w), sealWebhook({ ...w, id: webhookId(w) }, keys)]),
  ];
  await db.transaction().execute(async (trx) => {
    for (const [table, id, doc] of docs) await upsertDoc(trx, table, id, doc, updated_at);
    for (const pool of config.pools) await recordPoolMembers(trx, pool, updated_at);
  });
}

/**
 * Keeps `pool_members` in step with a pool's list: a member new to it joins now, one who left is
 * forgotten (and joins anew if added back). Round robin calibrates from these times.
 */
async function recordPoolMembers(db: Kysely<Database>, pool: Pool, joined_at: string): Promise<void> {
  const ids = pool.members.map((m) => m.member);
  await db.deleteFrom('pool_members').where('pool', '=', pool.id).where('member_id', 'not in', ids).execute();
  await db
    .insertInto('pool_members')
    .values(ids.map((member_id) => ({ pool: pool.id, member_id, joined_at })))
    .onConflict((oc) => oc.columns(['pool', 'member_id']).doNothing())
    .execute();
}

async function upsertDoc(db: Kysely<Database>, table: DocTable, id: string, doc: unknown, updated_at: string): Promise<void> {
  const data = JSON.stringify(doc);
  await db
    .insertInto(table)
    .values({ id, data, updated_at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ data, updated_at }))
    .execute();
}

/**
 * One member as stored, read from its row rather than the snapshot: a writer reads it inside its
 * transaction, where a snapshot cached under a version not yet committed could outlive a rollback.
 */
export async function readStoredMember(db: Kysely<Database>, id: string): Promise<Member | undefined> {
  const row = await db.selectFrom('members').select('data').where('id', '=', id).executeTakeFirst();
  return row && openMember(JSON.parse(row.data) as Member, secretKeys(), []);
}

/** Replaces one member's document whole, as an import of that member alone would (its passwords sealed). */
export async function saveMember(db: Kysely<Database>, member: Member, now: number): Promise<void> {
  await upsertDoc(db, 'members', member.id, sealMember(member, secretKeys()), toStored(now));
}

/**
 * The whole config as one read-only snapshot, kept in memory while the database says it is
 * current: each call costs one read of the `config_version` row (bumped by triggers on every
 * change to a config table, migration 0006) instead of a query and a JSON parse per document.
 * Read through `db` — a transaction sees its own database — and never mutate what it returns.
 */
export interface ConfigSnapshot {
  members: ReadonlyMap<string, Member>;
  eventTypes: ReadonlyMap<string, EventType>;
  pools: ReadonlyMap<string, Pool>;
  pages: ReadonlyMap<string, Page>;
  /**
   * Every webhook by its row's id (which `webhook.id` then holds), with whether a `410 Gone`
   * disabled it, and why its secret did not open when it did not (its `secret` is then empty).
   */
  webhooks: ReadonlyMap<string, { webhook: Webhook; disabled: boolean; unreadable?: string }>;
  /**
   * The stored secrets that did not open with this process's keys, where and why (never their
   * value): a key missing from `KAIROS_SECRET_KEYS`, or a row altered by hand. The start logs them.
   */
  unreadableSecrets: readonly string[];
}

/**
 * Snapshots by `token:version`: a few, for a process (or a test run) that opens several databases.
 * Each with the key ring its secrets were opened with: another ring (keys changed in this process)
 * reads the rows again.
 */
const snapshots = new Map<string, { snapshot: ConfigSnapshot; keys: SecretKeys }>();
const SNAPSHOTS_KEPT = 8;

async function docs<T>(db: Kysely<Database>, table: DocTable, open: (doc: T) => T = (doc) => doc): Promise<Map<string, T>> {
  const rows = await db.selectFrom(table).select(['id', 'data']).execute();
  return new Map(rows.sort(byId).map((r) => [r.id, deepFreeze(open(JSON.parse(r.data) as T))]));
}

/** Id order by code unit, the same on both databases (PostgreSQL's `order by` follows its collation). */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export async function configSnapshot(db: Kysely<Database>): Promise<ConfigSnapshot> {
  const { token, version } = await db.selectFrom('config_version').select(['token', 'version']).where('id', '=', 1).executeTakeFirstOrThrow();
  const key = `${token}:${version}`;
  const keys = secretKeys();
  const cached = snapshots.get(key);
  if (cached?.keys === keys) return cached.snapshot;
  // Read after the version: a change committed in between makes this snapshot newer than its key, never older.
  const webhookRows = (await db.selectFrom('webhooks').select(['id', 'data', 'disabled']).execute()).sort(byId);
  const unreadableSecrets: string[] = [];
  const webhooks = webhookRows.map((r) => {
    const opened = openWebhook({ ...(JSON.parse(r.data) as Webhook), id: r.id }, keys);
    if (opened.unreadable) unreadableSecrets.push(opened.unreadable);
    return [r.id, deepFreeze({ ...opened, disabled: r.disabled !== 0 })] as const;
  });
  const snapshot: ConfigSnapshot = {
    members: await docs<Member>(db, 'members', (m) => openMember(m, keys, unreadableSecrets)),
    eventTypes: await docs<EventType>(db, 'event_types'),
    pools: await docs<Pool>(db, 'pools'),
    pages: await docs<Page>(db, 'pages'),
    webhooks: new Map(webhooks),
    unreadableSecrets,
  };
  if (snapshots.size >= SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value!);
  snapshots.set(key, { snapshot, keys });
  return snapshot;
}

/** The members of `ids` that exist, in id order (the order an invite's organiser is taken from). */
export function membersById(config: ConfigSnapshot, ids: readonly string[]): Member[] {
  return some(config.members, ids);
}

/** The documents of `ids` that exist, in id order. */
function some<T>(map: ReadonlyMap<string, T>, ids: readonly string[]): T[] {
  return [...new Set(ids)].sort().flatMap((id) => {
    const doc = map.get(id);
    return doc === undefined ? [] : [doc];
  });
}

export async function exportConfig(db: Kysely<Database>): Promise<Config> {
  const config = await configSnapshot(db);
  return {
    members: [...config.members.values()],
    eventTypes: [...config.eventTypes.values()],
    pools: [...config.pools.values()],
    pages: [...config.pages.values()],
    webhooks: [...config.webhooks.values()].map((w) => w.webhook),
  };
}

export async function isConfigEmpty(db: Kysely<Database>): Promise<boolean> {
  const config = await configSnapshot(db);
  return config.pages.size === 0 && config.members.size === 0;
}

export const getPage = async (db: Kysely<Database>, slug: string) => (await configSnapshot(db)).pages.get(slug);
export const getEventType = async (db: Kysely<Database>, id: string) => (await configSnapshot(db)).eventTypes.get(id);
export const getMember = async (db: Kysely<Database>, id: string) => (await configSnapshot(db)).members.get(id);
export const getPool = async (db: Kysely<Database>, id: string) => (await configSnapshot(db)).pools.get(id);
export const getMembers = async (db: Kysely<Database>, ids: readonly string[]) => membersById(await configSnapshot(db), ids);

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
  config.members.forEach((member, m) =>
    member.away?.forEach((away, i) => {
      if (away.handOverTo !== undefined && !members.has(away.handOverTo)) problems[`members.${m}.away.${i}.handOverTo`] = `unknown member "${away.handOverTo}"`;
    }),
  );
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

/** The webhooks as the outbox worker sees them: read from the current config, disabled in place after a `410 Gone`. */
export function webhookDirectory(db: Kysely<Database>) {
  return {
    find: async (id: string) => (await configSnapshot(db)).webhooks.get(id),
    disable: async (id: string) => {
      await db.updateTable('webhooks').set({ disabled: 1 }).where('id', '=', id).execute();
    },
  };
}
