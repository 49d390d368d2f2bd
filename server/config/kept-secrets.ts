/**
 * The config as it leaves the server shows no secret (docs/config.md, "Secrets"): each CalDAV
 * `password` and webhook `secret` that is set reads `"********"`. Sent back, that marker keeps the
 * stored secret of the same calendar (the same member, the same URL) or webhook (the same id), so
 * an export imported again, or a schedule saved unchanged from the console, keeps every secret; a
 * new value replaces it; a marker with no stored secret behind it is refused. A secret of exactly
 * eight asterisks therefore cannot be set.
 */
import type { Calendar, Config, Member, Webhook } from './schema.js';

export const KEPT_SECRET = '********';

export function redactCalendars(calendars: readonly Calendar[]): Calendar[] {
  return calendars.map((c) => (c.type === 'caldav' && c.password !== undefined ? { ...c, password: KEPT_SECRET } : c));
}

export function redactConfig(config: Config): Config {
  return {
    ...config,
    members: config.members.map((m) => (m.calendars.length ? { ...m, calendars: redactCalendars(m.calendars) } : m)),
    // A secret that did not open is empty (`store/config-secrets.ts`): shown as it is, so an import must give one.
    webhooks: config.webhooks.map((w) => (w.secret ? { ...w, secret: KEPT_SECRET } : w)),
  };
}

/** The stored secrets a marker may stand for. */
export interface StoredSecrets {
  /** The password of the member's stored CalDAV calendar at `url`, if it has one. */
  password(member: string, url: string): string | undefined;
  /** The secret of the stored webhook with this id. */
  webhookSecret(id: string): string | undefined;
}

/** What a marker was refused for, by the field's path in the document sent. */
export type MarkerProblems = Record<string, string>;

export const noPassword = 'no stored password of this member’s calendar at this URL to keep: send the password';

/** The calendar with its marker replaced by the stored password it stands for; undefined when it stands for none. */
export function keepCalendarPassword(member: string, calendar: Calendar, stored: StoredSecrets): Calendar | undefined {
  if (calendar.type !== 'caldav' || calendar.password !== KEPT_SECRET) return calendar;
  const password = stored.password(member, calendar.url);
  return password === undefined ? undefined : { ...calendar, password };
}

/** The calendars with every marker replaced by the stored password it stands for; `problems` (under `path`) for markers that stand for none. */
export function keepCalendarPasswords(member: string, calendars: readonly Calendar[], stored: StoredSecrets, path: string, problems: MarkerProblems): Calendar[] {
  return calendars.map((c, i) => {
    const kept = keepCalendarPassword(member, c, stored);
    if (!kept) problems[`${path}.${i}.password`] = noPassword;
    return kept ?? c;
  });
}

/** The config with every marker replaced by the stored secret it stands for; `problems` names the markers that stand for none. */
export function keepStoredSecrets(config: Config, stored: StoredSecrets, webhookId: (webhook: Webhook) => string): { config: Config; problems: MarkerProblems } {
  const problems: MarkerProblems = {};
  const members = config.members.map((m, i): Member => ({ ...m, calendars: keepCalendarPasswords(m.id, m.calendars, stored, `members.${i}.calendars`, problems) }));
  const webhooks = config.webhooks.map((w, i): Webhook => {
    if (w.secret !== KEPT_SECRET) return w;
    const secret = stored.webhookSecret(webhookId(w));
    if (secret === undefined) problems[`webhooks.${i}.secret`] = 'no stored secret of a webhook with this id to keep: send the secret';
    return { ...w, secret: secret ?? KEPT_SECRET };
  });
  return { config: { ...config, members, webhooks }, problems };
}

/** Reads the stored secrets from the config as the store opened it. */
export function storedSecretsOf(members: ReadonlyMap<string, Member>, webhooks: ReadonlyMap<string, { webhook: Webhook }> = new Map()): StoredSecrets {
  return {
    password: (member, url) => {
      const calendar = members.get(member)?.calendars.find((c) => c.type === 'caldav' && c.url === url);
      return calendar?.type === 'caldav' ? calendar.password : undefined;
    },
    webhookSecret: (id) => webhooks.get(id)?.webhook.secret || undefined,
  };
}
