/**
 * The admins: people who sign in to the team console with the admin's rights. Members are not
 * here; they are the config's, and sign in by their config email.
 */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { newId, toStored } from './identifiers.js';

export interface Admin {
  id: string;
  email: string | null;
}

/** Emails are compared lowercased: `Ana@Example.com` and `ana@example.com` reach one inbox. */
export const emailKey = (email: string) => email.trim().toLowerCase();

export async function adminByEmail(db: Kysely<Database>, email: string): Promise<Admin | undefined> {
  return db.selectFrom('admins').select(['id', 'email']).where('email', '=', emailKey(email)).executeTakeFirst();
}

export async function getAdmin(db: Kysely<Database>, id: string): Promise<Admin | undefined> {
  return db.selectFrom('admins').select(['id', 'email']).where('id', '=', id).executeTakeFirst();
}

export async function hasAdmins(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('admins').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** A new admin; an email already an admin's answers that admin instead of a second one. */
export async function addAdmin(db: Kysely<Database>, email: string | null, now: number): Promise<Admin> {
  const key = email === null ? null : emailKey(email);
  if (key !== null) {
    const existing = await adminByEmail(db, key);
    if (existing) return existing;
  }
  const admin = { id: newId(), email: key };
  await db.insertInto('admins').values({ ...admin, created_at: toStored(now) }).execute();
  return admin;
}
