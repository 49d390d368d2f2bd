/**
 * Server-wide values kept in the `settings` table (admin key hash, signing secret, retention).
 * Generated ones are written insert-if-absent and read back, so two processes starting together
 * agree on one value.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export async function readSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores `value` under `key` unless one is already there; returns the value that won. */
export async function settleSetting(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readSetting(db, key)) ?? value;
}

export async function writeSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function clearSetting(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}

/** The HMAC secret of personal links and keyed manage tokens, generated on first use. */
export function serverSecret(db: Kysely<Database>): Promise<string> {
  return settleSetting(db, 'server_secret', randomBytes(32).toString('base64url'));
}
