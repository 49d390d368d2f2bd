/**
 * The config as the admin API imports and exports it (docs/config.md): the export shows no secret,
 * an import keeps the stored secrets its markers stand for (`config/kept-secrets.ts`), and either
 * every reference and every marker of an import resolves, or nothing is written.
 */
import { keepStoredSecrets, redactConfig, storedSecretsOf } from '../config/kept-secrets.js';
import type { Config } from '../config/schema.js';
import { configSnapshot, danglingReferences, exportConfig, importConfig, webhookId } from '../store/config-repository.js';
import type { BookingDeps } from '../booking/booking-deps.js';
import { Refusal } from '../booking/refusal.js';

export async function exportTeamConfig(deps: Pick<BookingDeps, 'store'>): Promise<Config> {
  return redactConfig(await exportConfig(deps.store.db));
}

export async function importTeamConfig(deps: Pick<BookingDeps, 'store'>, sent: Config, now: number): Promise<Config> {
  const stored = await configSnapshot(deps.store.db);
  const { config, problems } = keepStoredSecrets(sent, storedSecretsOf(stored.members, stored.webhooks), webhookId);
  const dangling = await danglingReferences(deps.store.db, config);
  if (Object.keys(dangling).length > 0 || Object.keys(problems).length > 0) {
    const message = Object.keys(dangling).length > 0 ? 'the config refers to things it does not define' : 'the config keeps secrets the server does not have';
    throw new Refusal('validation_failed', message, { ...dangling, ...problems });
  }
  await importConfig(deps.store.db, config, now);
  return config;
}
