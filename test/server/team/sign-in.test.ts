/** Signing in with an emailed one-time link, at the use-case level, on both stores. */
import { createHash } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Refusal } from '../../../server/booking/refusal.js';
import { emailOf, type OutboxPayload } from '../../../server/notify/index.js';
import { sentPayload } from '../../../server/notify/enqueue.js';
import type { Store } from '../../../server/store/connect.js';
import { currentSession, SESSION_IDLE_LIFETIME } from '../../../server/team/current-session.js';
import { firstAdminLink } from '../../../server/team/first-admin-link.js';
import { inviteMember } from '../../../server/team/invite-member.js';
import { requestSignInLink } from '../../../server/team/request-sign-in-link.js';
import { SIGN_IN_LINK_LIFETIME } from '../../../server/team/sign-in-link.js';
import { signIn } from '../../../server/team/sign-in.js';
import { backends, disposeStores } from '../support/backends.js';
import { NOW, PUBLIC_URL, seed } from '../support/fixtures.js';

afterAll(disposeStores);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(backends.map((b) => [b.name, b] as const))('signing in on %s', (_name, backend) => {
  let store: Store;
  let deps: { store: Store; publicUrl: string };
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    deps = { store, publicUrl: PUBLIC_URL };
  });

  const signInEmails = () => store.db.selectFrom('outbox').selectAll().where('topic', '=', 'sign_in').execute();
  /** The token of the one sign-in email queued so far. */
  const mailedToken = async () => {
    const [row] = await signInEmails();
    const link = (JSON.parse(row!.payload) as { link: string }).link;
    expect(link.startsWith(`${PUBLIC_URL}/admin/sign-in?token=`)).toBe(true);
    return new URL(link).searchParams.get('token')!;
  };
  const refusalOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof Refusal ? error.code : error));

  it('emails a member a link for their config address, in any case, and nothing for an unknown address', async () => {
    await requestSignInLink(deps, { email: 'nobody@example.com', now: NOW });
    expect(await signInEmails()).toHaveLength(0);
    expect(await store.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(0);
    await requestSignInLink(deps, { email: 'Bo@Example.com', now: NOW });
    const [row] = await signInEmails();
    const email = emailOf(JSON.parse(row!.payload));
    expect(email.to).toEqual({ name: 'Bo Laurent', address: 'bo@example.com' });
    expect(email.subject).toBe('Connexion à kairos.test');
    expect(email.text).toContain(`${PUBLIC_URL}/admin/sign-in?token=${await mailedToken()}`);
  });

  it('keeps only the token’s SHA-256: 256 random bits that the database cannot replay', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const token = await mailedToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await store.db.selectFrom('sign_in_tokens').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ token_hash: sha256(token), person: 'member:ana', used_at: null })]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('takes the link out of the email’s outbox row once it is sent', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const token = await mailedToken();
    const [row] = await signInEmails();
    expect(sentPayload(JSON.parse(row!.payload) as OutboxPayload)).not.toContain(token);
  });

  it('signs in once with a token: the second use is refused', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const token = await mailedToken();
    const signedIn = await signIn(deps, { token, now: NOW + 1000 });
    expect(signedIn.person).toMatchObject({ key: 'member:ana', role: 'member', id: 'ana', name: 'Ana Silva' });
    expect(await refusalOf(signIn(deps, { token, now: NOW + 2000 }))).toBe('invalid_token');
  });

  it('lets exactly one of two racing uses of a token through', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const token = await mailedToken();
    const outcomes = await Promise.all([signIn(deps, { token, now: NOW }), signIn(deps, { token, now: NOW })].map(refusalOf));
    expect(outcomes.sort()).toEqual(['invalid_token', undefined].sort());
  });

  it('refuses a token 15 minutes after it was sent, and takes it a moment before', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const late = await mailedToken();
    expect(await refusalOf(signIn(deps, { token: late, now: NOW + SIGN_IN_LINK_LIFETIME }))).toBe('invalid_token');
    await store.db.deleteFrom('outbox').execute();
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    expect(await refusalOf(signIn(deps, { token: await mailedToken(), now: NOW + SIGN_IN_LINK_LIFETIME - 1 }))).toBeUndefined();
  });

  it('refuses a token that was never sent', async () => {
    expect(await refusalOf(signIn(deps, { token: 'made-up', now: NOW }))).toBe('invalid_token');
  });

  it('makes the first admin from the first-admin link, with the email they give, and then prints no more', async () => {
    const link = await firstAdminLink(deps, NOW);
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/admin/sign-in\\?token=[A-Za-z0-9_-]{43}$`));
    const signedIn = await signIn(deps, { token: new URL(link!).searchParams.get('token')!, email: 'Boss@Example.com', now: NOW });
    expect(signedIn.person).toMatchObject({ role: 'admin', email: 'boss@example.com' });
    expect(await firstAdminLink(deps, NOW)).toBeUndefined();
    // Their next links go to the address they gave.
    await requestSignInLink(deps, { email: 'boss@example.com', now: NOW });
    expect(emailOf(JSON.parse((await signInEmails())[0]!.payload)).to.address).toBe('boss@example.com');
  });

  it('invites a member with a link of their own, and refuses an unknown member', async () => {
    await inviteMember(deps, { member: 'cy', now: NOW });
    const email = emailOf(JSON.parse((await signInEmails())[0]!.payload));
    expect(email.to.address).toBe('cy@example.com');
    expect(email.text).toContain('You are invited to the team console of kairos.test');
    expect((await signIn(deps, { token: await mailedToken(), now: NOW })).person.key).toBe('member:cy');
    expect(await refusalOf(inviteMember(deps, { member: 'nobody', now: NOW }))).toBe('not_found');
  });

  it('ends a removed member’s sessions at their next request', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const { sessionId } = await signIn(deps, { token: await mailedToken(), now: NOW });
    expect((await currentSession(deps, { sessionId, now: NOW }))?.person.key).toBe('member:ana');
    await store.db.deleteFrom('members').where('id', '=', 'ana').execute();
    expect(await currentSession(deps, { sessionId, now: NOW + 1 })).toBeUndefined();
    expect(await store.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('ends a session left unused for 30 days, and keeps one in use', async () => {
    await requestSignInLink(deps, { email: 'ana@example.com', now: NOW });
    const { sessionId } = await signIn(deps, { token: await mailedToken(), now: NOW });
    const used = NOW + SESSION_IDLE_LIFETIME - 1;
    expect(await currentSession(deps, { sessionId, now: used })).toBeDefined();
    expect(await currentSession(deps, { sessionId, now: used + SESSION_IDLE_LIFETIME - 1 })).toBeDefined();
    expect(await currentSession(deps, { sessionId, now: used + 2 * SESSION_IDLE_LIFETIME })).toBeUndefined();
  });
});
