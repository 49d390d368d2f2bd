/**
 * Server-wide values kept in the `settings` table (admin key hash, signing secret, retention).
 * Generated ones are written insert-if-absent and read back, so two processes starting together
 * agree on one value.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { isSealed, openSealed, seal, SecretUnreadable } from './sealed-secrets.js';
import { secretKeys } from './secret-keys.js';

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

/** What the server secret is sealed for (`sealed-secrets.ts`): it opens as nothing else. */
export const SERVER_SECRET_CONTEXT = 'setting server_secret';

/**
 * The HMAC secret of personal links and keyed manage tokens, generated on first use and stored
 * sealed like the config's secrets (README "Secrets"). One that does not open with this process's
 * keys (the key was lost, or another process seals with another) is replaced by a new one, and
 * `replaced` says why: the server serves on, and the links made with the old one no longer open.
 */
export async function serverSecret(db: Kysely<Database>): Promise<{ secret: string; replaced?: string }> {
  const keys = secretKeys();
  const fresh = () => seal(keys, randomBytes(32).toString('base64url'), SERVER_SECRET_CONTEXT);
  const stored = await settleSetting(db, 'server_secret', fresh());
  // Stored in the clear by a version before 0025, and not sealed since (a database migrated by a process without keys).
  if (!isSealed(stored)) return { secret: stored };
  try {
    return { secret: openSealed(keys, stored, SERVER_SECRET_CONTEXT) };
  } catch (error) {
    if (!(error instanceof SecretUnreadable)) throw error;
    // Replaced only if still the one that did not open: of two processes doing this at once, one new secret wins.
    await db.updateTable('settings').set({ value: fresh() }).where('key', '=', 'server_secret').where('value', '=', stored).execute();
    const now = (await readSetting(db, 'server_secret'))!;
    return { secret: openSealed(keys, now, SERVER_SECRET_CONTEXT), replaced: `the server secret (settings "server_secret") ${error.message}` };
  }
}
