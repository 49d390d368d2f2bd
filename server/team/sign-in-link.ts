/**
 * A sign-in link: `<publicUrl>/admin/sign-in?token=…`, good once within `SIGN_IN_LINK_LIFETIME`.
 * The page it opens asks for a click before the token is used: mail scanners fetch the links in
 * emails, and a GET that signed in would spend the token before its person ever saw it.
 */
import type { Kysely } from 'kysely';
import type { BookingDeps } from '../booking/booking-deps.js';
import { enqueueSignInEmail } from '../notify/sign-in-email.js';
import type { Database } from '../store/database.js';
import { toStored } from '../store/identifiers.js';
import { issueSignInToken, type TokenPerson } from '../store/sign-in-tokens.js';
import type { Person } from './person.js';

export const SIGN_IN_LINK_LIFETIME = 15 * 60_000;

export type TeamDeps = Pick<BookingDeps, 'store' | 'publicUrl'>;

export const signInUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/admin/sign-in?token=${token}`;

/** A fresh link for `person` (`null`: a first-admin link, which makes a new admin). */
export async function newSignInLink(db: Kysely<Database>, publicUrl: string, person: TokenPerson, now: number): Promise<string> {
  return signInUrl(publicUrl, await issueSignInToken(db, person, now, SIGN_IN_LINK_LIFETIME));
}

/** Emails `person` a fresh link; the token and its email commit together. */
export async function emailSignInLink(deps: TeamDeps, person: Person & { email: string }, invited: boolean, now: number): Promise<void> {
  await deps.store.db.transaction().execute(async (trx) => {
    const link = await newSignInLink(trx, deps.publicUrl, person.key, now);
    const to = { name: person.name ?? person.email, email: person.email, locale: person.locale };
    await enqueueSignInEmail(trx, { to, link, invited, publicUrl: deps.publicUrl }, toStored(now));
  });
}
