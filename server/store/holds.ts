/**
 * Holds: a time kept for a visitor while they fill the booking form. A hold is rows with an
 * expiry, one per member it takes; from `expires_at` on it is nothing, whether or not its rows
 * are gone yet. The visitor holds a random token (256 bits); only its SHA-256 is stored, so a copy
 * of the database cannot release or book on anyone's hold (`secret-hash.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Place } from '../engine/types.js';
import type { Database } from './database.js';
import { toStored } from './identifiers.js';
import { hashSecret } from './secret-hash.js';

/** 32 random bytes, base64url (43 characters). */
export function newHoldToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashHoldToken = hashSecret;

export interface NewHold {
  token: string;
  page: string;
  event: { id: string; bufferBeforeMinutes: number; bufferAfterMinutes: number };
  start: number;
  end: number;
  expiresAt: number;
}

export async function insertHold(trx: Kysely<Database>, hold: NewHold, places: readonly Place[]): Promise<void> {
  const common = {
    token_hash: hashHoldToken(hold.token),
    page: hold.page,
    event_type: hold.event.id,
    start_at: toStored(hold.start),
    end_at: toStored(hold.end),
    buffer_before: hold.event.bufferBeforeMinutes,
    buffer_after: hold.event.bufferAfterMinutes,
    expires_at: toStored(hold.expiresAt),
  };
  // A panel's place may name a member twice only through two pools; one row holds them.
  const members = [...new Set(places.map((p) => p.member))];
  await trx.insertInto('holds').values(members.map((member_id) => ({ ...common, member_id }))).execute();
}

/** Deletes the hold `token` names on `page`; whether there was one (expired or not). */
export async function deleteHold(db: Kysely<Database>, page: string, token: string): Promise<boolean> {
  const result = await db.deleteFrom('holds').where('token_hash', '=', hashHoldToken(token)).where('page', '=', page).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Deletes the rows of holds that have expired by `now`: one range of `holds_expiry`. */
export async function deleteExpiredHolds(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('holds').where('expires_at', '<=', toStored(now)).execute();
}
