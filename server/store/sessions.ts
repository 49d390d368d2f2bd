/**
 * Signed-in sessions. The cookie carries a 256-bit random id; the table keeps only its SHA-256,
 * so a copy of the database cannot be replayed as anyone's cookie.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { fromStored, toStored } from './identifiers.js';
import { hashSecret } from './secret-hash.js';

export interface SessionRow {
  idHash: string;
  person: string;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

const toSession = (r: { id_hash: string; person: string; csrf: string; created_at: string; last_seen_at: string }): SessionRow => ({
  idHash: r.id_hash,
  person: r.person,
  csrf: r.csrf,
  createdAt: fromStored(r.created_at),
  lastSeenAt: fromStored(r.last_seen_at),
});

/** A new session for `person`: its id (for the cookie, never stored) and its CSRF token. */
export async function startSession(db: Kysely<Database>, person: string, now: number): Promise<{ id: string; csrf: string }> {
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const at = toStored(now);
  await db.insertInto('sessions').values({ id_hash: hashSecret(id), person, csrf, created_at: at, last_seen_at: at }).execute();
  return { id, csrf };
}

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', hashSecret(id)).executeTakeFirst();
  return row && toSession(row);
}

export async function touchSession(db: Kysely<Database>, idHash: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: toStored(now) }).where('id_hash', '=', idHash).execute();
}

export async function sessionsOf(db: Kysely<Database>, person: string): Promise<SessionRow[]> {
  const rows = await db.selectFrom('sessions').selectAll().where('person', '=', person).orderBy('created_at').execute();
  return rows.map(toSession);
}

export async function endSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function endSessionsOf(db: Kysely<Database>, person: string): Promise<void> {
  await db.deleteFrom('sessions').where('person', '=', person).execute();
}
