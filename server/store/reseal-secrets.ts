/**
 * Brings every stored secret to its current form (`config-secrets.ts`, and the server secret): run by migration 0025,
 * which seals what versions before it stored in the clear, and at every opening of the store, which
 * seals again under the ring's first key what an older key sealed (README "Secrets", rotation).
 * A secret this ring cannot open is left as it is, for a process that holds its key.
 */
import type { Kysely } from 'kysely';
import type { Member, Webhook } from '../config/schema.js';
import { currentForm, resealMember, resealWebhook } from './config-secrets.js';
import type { SecretKeys } from './sealed-secrets.js';
import { SERVER_SECRET_CONTEXT } from './settings.js';

/**
 * How many documents (and settings) changed. Their `updated_at` stays: only how they are stored
 * changed, not what they say. The server secret of personal links (`settings.ts`) is one of them.
 */
export async function resealStoredSecrets(db: Kysely<any>, keys: SecretKeys): Promise<number> {
  let changed = 0;
  const tables = [
    ['members', (doc: unknown) => resealMember(doc as Member, keys)],
    ['webhooks', (doc: unknown) => resealWebhook(doc as Webhook, keys)],
  ] as const;
  for (const [table, reseal] of tables) {
    const rows = (await db.selectFrom(table).select(['id', 'data']).execute()) as { id: string; data: string }[];
    for (const row of rows) {
      const data = JSON.stringify(reseal(JSON.parse(row.data)));
      if (data === row.data) continue;
      await db.updateTable(table).set({ data }).where('id', '=', row.id).execute();
      changed++;
    }
  }
  const setting = (await db.selectFrom('settings').select('value').where('key', '=', 'server_secret').executeTakeFirst()) as { value: string } | undefined;
  if (setting) {
    const value = currentForm(setting.value, SERVER_SECRET_CONTEXT, keys);
    if (value !== setting.value) {
      await db.updateTable('settings').set({ value }).where('key', '=', 'server_secret').execute();
      changed++;
    }
  }
  return changed;
}
